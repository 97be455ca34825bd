"""Who may need a call: each learner's alert reasons, stored and kept up to date, and each course's figures."""
