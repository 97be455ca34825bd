"""Personal data kept lawfully: retention and purge, a learner's data exported or erased (GDPR)."""
