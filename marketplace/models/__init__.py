from .attachments import Attachment
from .interests import Interest
from .listings import Deployment, Need, PartnershipRequest, Programme, Solution
from .organizations import Invitation, Membership, Organization, VerificationDecision
from .questions import Question
from .reference import Municipality, MunicipalityAlias, SolutionField, SolutionType
from .saved_searches import SavedSearch, SavedSearchHit

__all__ = [
    "Attachment",
    "Deployment",
    "Interest",
    "Invitation",
    "Membership",
    "Municipality",
    "MunicipalityAlias",
    "Need",
    "Organization",
    "PartnershipRequest",
    "Programme",
    "Question",
    "SavedSearch",
    "SavedSearchHit",
    "Solution",
    "SolutionField",
    "SolutionType",
    "VerificationDecision",
]
