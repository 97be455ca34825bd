"""Grades for the LMS gradebook: what a module's counted result says, kept in the outbox until sent.

outbox.py writes the pending rows, in the transaction that records the result;
the worker that sends them with AGS comes with the gradebook issue.
"""
