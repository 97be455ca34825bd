"""Grades for the LMS gradebook: each module's counted result, kept in the outbox until every column has it.

outbox.py writes the pending rows, in the transaction that records the result;
claims.py hands them to workers; columns.py finds or creates a module's columns;
delivery.py sends one row and records the answers; decision.py says what they
mean; worker.py is the loop; cli.py the commands (`flask grades worker|status|retry`).
"""
