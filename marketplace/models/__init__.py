from .organizations import Invitation, Membership, Organization, VerificationDecision
from .reference import Municipality, MunicipalityAlias, SolutionField, SolutionType

__all__ = [
    "Invitation",
    "Membership",
    "Municipality",
    "MunicipalityAlias",
    "Organization",
    "SolutionField",
    "SolutionType",
    "VerificationDecision",
]
