"""What référents record on site: who came to a session, and the modules a learner did with them on paper.

Both count in the learner's progress and alerts at once (risk.course_pass.refresh_learners),
and neither sends anything to the LMS: a presence is no score, and a module done on
site has no attempt to grade.
"""
