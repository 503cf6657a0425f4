"""Writes and workflow of the inspections app, one module per subject.

Every page, API endpoint and the demo call these functions, so each rule is written once.
They check the rules, run in a transaction and raise ``ValidationError`` with translated
messages keyed by field name.

- ``establishments``: establishments and the updates ward officers suggest;
- ``teams``: inspection teams and their members;
- ``scheduling``: single visits, campaigns and follow-up visits (team capacity);
- ``settings``: risk intervals per category and the checklist;
- ``recording``: recording a visit (resolve, validate, persist);
- ``importing``: bulk import of establishments from CSV/XLSX;
- ``disinfection``: disinfection rounds, their sites and marking a site done.

The public names are re-exported here, so ``from inspections import services`` and
``services.schedule_create(...)`` read as before.
"""

from inspections.services.disinfection import (
    round_create,
    round_targets_refresh,
    round_update,
    site_create,
    target_mark_done,
)
from inspections.services.establishments import (
    ESTABLISHMENT_FIELDS,
    establishment_create,
    establishment_update,
    suggestion_accept,
    suggestion_create,
    suggestion_reject,
)
from inspections.services.importing import establishments_import
from inspections.services.recording import checklist_for, inspection_record
from inspections.services.scheduling import campaign_create, campaign_days, schedule_cancel, schedule_create
from inspections.services.settings import checklist_item_create, checklist_item_update, risk_interval_set
from inspections.services.teams import team_create, team_update

__all__ = [
    "ESTABLISHMENT_FIELDS",
    "campaign_create",
    "campaign_days",
    "checklist_for",
    "checklist_item_create",
    "checklist_item_update",
    "establishment_create",
    "establishment_update",
    "establishments_import",
    "inspection_record",
    "risk_interval_set",
    "round_create",
    "round_targets_refresh",
    "round_update",
    "schedule_cancel",
    "schedule_create",
    "site_create",
    "suggestion_accept",
    "suggestion_create",
    "suggestion_reject",
    "target_mark_done",
    "team_create",
    "team_update",
]
