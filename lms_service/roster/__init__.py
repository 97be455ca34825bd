"""The course's roster from the LMS (NRPS): every enrolled person, those who never launched included.

sync.py stores what one complete or partial read of the roster says; the worker
reads it (never a web request), after a tutor's launch asks for it and on a
schedule; cli.py is `flask roster sync`.
"""
