"""The registry's domain model, one module per subject; import from here."""

from registry.models.base import Region, Source, SourcedModel, TimeStampedModel
from registry.models.contact import Contact, ContactKind
from registry.models.corrections import Correction
from registry.models.custody import Custody, CustodyKind, Facility, FacilityKind, Placement, ReleaseReason
from registry.models.data_version import DataVersion, PersonVersion
from registry.models.documents import PersonDocument
from registry.models.events import Event, EventKind, Qualifier, ReportedFigure
from registry.models.evidence import Attachment
from registry.models.imports import ImportJob
from registry.models.law import AppealOutcome, Article, Charge, Conviction, CriminalCode, Regime, SentenceKind
from registry.models.merges import Merge
from registry.models.people import (
    Letters,
    NameKind,
    NameLanguage,
    Prisoner,
    PrisonerName,
    Sex,
    Status,
    Verification,
)
from registry.models.publication import PublicationRequest
from registry.models.recognition import Criterion, Recognition
from registry.models.releases import Release, ReleaseFile
from registry.models.search_keys import PrisonerSearchKey, PrisonerWord, SearchWord
from registry.models.tallies import (
    ArticleTally,
    HeldOver60Tally,
    HeldTally,
    PeopleTally,
    ReleaseMonthTally,
    ReleaseTally,
    WithoutContactTally,
)
from registry.models.visibility import PUBLICLY_COUNTED, Visibility
from registry.models.vulnerability import Vulnerability, VulnerabilityCategory

__all__ = [
    "PUBLICLY_COUNTED",
    "AppealOutcome",
    "Article",
    "ArticleTally",
    "Attachment",
    "Charge",
    "Contact",
    "ContactKind",
    "Conviction",
    "Correction",
    "CriminalCode",
    "Criterion",
    "Custody",
    "CustodyKind",
    "DataVersion",
    "Event",
    "EventKind",
    "Facility",
    "FacilityKind",
    "HeldOver60Tally",
    "HeldTally",
    "ImportJob",
    "Letters",
    "Merge",
    "NameKind",
    "NameLanguage",
    "PeopleTally",
    "PersonDocument",
    "PersonVersion",
    "Placement",
    "Prisoner",
    "PrisonerName",
    "PrisonerSearchKey",
    "PrisonerWord",
    "PublicationRequest",
    "Qualifier",
    "Recognition",
    "Regime",
    "Region",
    "Release",
    "ReleaseFile",
    "ReleaseMonthTally",
    "ReleaseReason",
    "ReleaseTally",
    "ReportedFigure",
    "SearchWord",
    "SentenceKind",
    "Sex",
    "Source",
    "SourcedModel",
    "Status",
    "TimeStampedModel",
    "Verification",
    "Visibility",
    "Vulnerability",
    "VulnerabilityCategory",
    "WithoutContactTally",
]
