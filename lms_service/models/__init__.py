"""The service's tables, one module per feature; lti/ keeps its own in lti/models.py."""
from .assessments import Answer, Attempt, AttemptAllowance
from .audit import AuditEvent
from .followup import CourseFigures, RiskRules
from .grades import GradeColumn, GradeDelivery, GradeOutbox, GradeWorkerLease
from .modules import ModuleFile, ModuleVersion
from .onsite import ATTENDANCE, Attendance, OnsiteSession
from .people import ON_SITE, REMOTE, Context, Membership, User, follows_learners
from .reading import COMPLETED, IN_PROGRESS, NOT_STARTED, READ, ModuleProgress, PageView
from .records import NurseryReview, OrientationNote, RecordRevision, ReviewFollowUp, TutorNote
from .resource_links import ResourceLink
from .sessions import LaunchSession

__all__ = [
    "ATTENDANCE", "Attendance", "AuditEvent", "NurseryReview", "OnsiteSession", "OrientationNote", "RecordRevision", "ReviewFollowUp", "TutorNote",
    "Answer", "Attempt", "AttemptAllowance", "COMPLETED", "CourseFigures", "RiskRules", "IN_PROGRESS", "NOT_STARTED", "READ", "ON_SITE", "REMOTE", "Context", "LaunchSession", "Membership",
    "GradeColumn", "GradeDelivery", "GradeOutbox", "GradeWorkerLease", "ModuleFile", "ModuleProgress", "ModuleVersion", "PageView", "ResourceLink", "User", "follows_learners",
]  # fmt: skip
