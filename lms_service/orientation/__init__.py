"""The orientation conversation: per family of jobs, what the learner said, then their quiz and time, apart,
and the référent's notes to prepare the conversation (which the learner reads too)."""
