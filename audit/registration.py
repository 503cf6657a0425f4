"""Which models the audit trail records, registered centrally (no other app's models change).

Models are named by ``"app_label.ModelName"`` and looked up with ``apps.get_model`` when the
project starts, so an app that is not installed yet is skipped without an error and picked up
as soon as it lands.

Each tracked model may name a *parent* field: its entries then also appear in the parent
object's history (a report's values and reviews in the report's history, a committee record in
its ward's history). The parent is written into the entry's ``additional_data`` as
``{"parent": "reports.report:12"}``.

API tokens are special: a token's primary key *is* its secret, which django-auditlog would copy
into ``object_pk`` and ``object_repr``. Tokens are therefore logged by our own receivers, keyed
by the owner's user id, and never with the key.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import cast

from auditlog.context import auditlog_disabled, auditlog_value
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from auditlog.signals import pre_log
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field, Model
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.translation import gettext

from audit.context import current_request
from core.middleware import client_ip

TOKEN_MODEL = "authtoken.token"


@dataclass(frozen=True)
class Tracked:
    """One audited model: ``"app_label.ModelName"`` and how to record it."""

    label: str
    exclude: tuple[str, ...] = ()
    m2m: tuple[str, ...] = ()
    parent: str | None = None
    # Fields never worth an entry of their own (``updated_at`` changes on every save).
    always_exclude: tuple[str, ...] = field(default=("updated_at",), repr=False)


TRACKED: tuple[Tracked, ...] = (
    # wards: the district, its wards and committees, the users and their roles
    Tracked("wards.District"),
    Tracked("wards.Ward"),
    Tracked("wards.WardCommittee", parent="ward"),
    Tracked("wards.WardLeader", parent="ward"),
    Tracked("wards.User", exclude=("password", "last_login")),
    # reports: catalogue, deadlines, reports, their values and reviews
    Tracked("reports.Indicator"),
    Tracked("reports.ReportDeadline"),
    Tracked("reports.Report"),
    Tracked("reports.ReportValue", parent="report"),
    Tracked("reports.ReportReview", parent="report"),
    # inspections: establishments, teams, schedules, inspection records
    Tracked("inspections.Establishment"),
    Tracked("inspections.EstablishmentUpdateSuggestion", parent="establishment"),
    Tracked("inspections.RiskInterval"),
    Tracked("inspections.ChecklistItem"),
    Tracked("inspections.InspectionTeam"),
    Tracked("inspections.TeamMember", parent="team"),
    Tracked("inspections.Campaign"),
    Tracked("inspections.InspectionSchedule", parent="establishment"),
    Tracked("inspections.Inspection", m2m=("members_present",), parent="establishment"),
    Tracked("inspections.DisinfectionSite"),
    # The round's categories (codes in JSON) are left out: each site's entry names its category.
    Tracked("inspections.DisinfectionRound", exclude=("categories",)),
    Tracked("inspections.DisinfectionTarget", parent="round"),
    # supplies: items, holders, the ledger and transfers
    Tracked("supplies.SupplyItem"),
    Tracked("supplies.Holder"),
    Tracked("supplies.StockMovement"),
    Tracked("supplies.Transfer"),
    # directives: the registry, tasks, each ward's assignment and its evidence, reminders sent
    Tracked("directives.Directive"),
    Tracked("directives.DirectiveTask", m2m=("wards",), parent="directive"),
    Tracked("directives.Assignment", parent="task"),
    Tracked("directives.Evidence", parent="assignment"),
    Tracked("directives.Reminder", m2m=("assignments",)),
    # summaries: the epidemic level criteria administrators set (issue 14)
    Tracked("summaries.LevelCriteria"),
    # summaries: the morning brief's settings (time, threshold, recipients)
    Tracked("summaries.MorningBriefSettings", m2m=("recipients",)),
)

# model key ("app_label.modelname", lower case) -> parent field name, for registered models
_PARENTS: dict[str, str] = {}
# model key -> model class, for every tracked model that exists (tokens included)
_MODELS: dict[str, type[Model]] = {}

# The instance auditlog is about to write an entry for (set by its pre_log signal).
_logging_instance: ContextVar[Model | None] = ContextVar("audit_logging_instance", default=None)


def model_key(model) -> str:
    """``"app_label.modelname"`` (lower case) of a model class or instance."""
    return f"{model._meta.app_label}.{model._meta.model_name}"


def tracked_models() -> dict[str, type[Model]]:
    """The audited models that exist, keyed by ``"app_label.modelname"``."""
    return dict(_MODELS)


def parent_key(instance: Model) -> str | None:
    """``"app_label.modelname:pk"`` of the object whose history also shows ``instance``'s entries."""
    name = _PARENTS.get(model_key(instance))
    if not name:
        return None
    fk = cast(Field, instance._meta.get_field(name))  # a foreign key
    pk = getattr(instance, fk.attname, None)
    if pk is None:
        return None
    return f"{model_key(fk.related_model)}:{pk}"


def _get_model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def register_all() -> None:
    """Register every tracked model that exists with django-auditlog (safe to call twice)."""
    for spec in TRACKED:
        model = _get_model(spec.label)
        if model is None:
            continue  # the app is not installed (yet)
        names = {f.name for f in model._meta.get_fields()}
        exclude = [f for f in (*spec.exclude, *spec.always_exclude) if f in names]
        # The row's own columns only: reverse relations (a ward's reports…) are not its values,
        # and reading a reverse one-to-one would cost a query per write.
        include = [f.name for f in model._meta.concrete_fields if f.name not in exclude]
        m2m = {f for f in spec.m2m if f in names}
        if auditlog.contains(model):
            auditlog.unregister(model)
        auditlog.register(model, include_fields=include, exclude_fields=exclude, m2m_fields=m2m)
        key = model_key(model)
        _MODELS[key] = model
        if spec.parent:
            try:
                model._meta.get_field(spec.parent)
            except FieldDoesNotExist:
                pass
            else:
                _PARENTS[key] = spec.parent
    _register_tokens()
    _register_password_changes()
    pre_log.connect(_remember_instance, dispatch_uid="audit_remember_instance")
    pre_save.connect(_fill_entry, sender=LogEntry, dispatch_uid="audit_fill_entry")


# ---- Entries: the actor resolved at write time, the actor's username, the parent ----------------


def _remember_instance(sender, instance, action, **kwargs):
    _logging_instance.set(instance)
    return None  # never cancels the entry


def _active_block() -> dict | None:
    """The context of an ``auditlog.context.set_actor`` block being run, if any.

    auditlog leaves its context behind after a block ends: it is trusted only while the
    block's receiver is still connected (it is disconnected on exit).
    """
    context = auditlog_value.get(None)
    if context and any(key[0] == context.get("signal_duid") for key, *_rest in pre_save.receivers):
        return context
    return None


def _fill_entry(sender, instance: LogEntry, raw=False, **kwargs):
    """Complete a new entry before it is inserted.

    - Who, from where, which request: inside an ``auditlog.context.set_actor`` block (Celery
      tasks, commands, tests) its actor and address; otherwise, during a request, the request's
      user *at the time of the write* (API requests authenticate their token inside the view),
      the trusted client address and the request id.
    - The actor's username is kept in ``additional_data``: it stays readable if the account is
      deleted later (the ``actor`` link then becomes empty).
    - The parent object (see :data:`TRACKED`) so the entry shows in the parent's history.
    """
    if raw or instance.pk is not None:
        return
    user_model = get_user_model()
    block = _active_block()
    request = current_request.get()
    if block is not None:
        if instance.actor_id is None and isinstance(block.get("actor"), user_model):
            instance.actor = block["actor"]
            instance.actor_email = instance.actor.email or None
        # auditlog's own receiver sets the block's address after this one.
    elif request is not None:
        user = getattr(request, "user", None)
        if instance.actor_id is None and user is not None and user.is_authenticated and isinstance(user, user_model):
            instance.actor = user
            instance.actor_email = user.email or None
        instance.remote_addr = instance.remote_addr or client_ip(request) or None
        instance.cid = getattr(request, "request_id", None) or instance.cid
    data = dict(instance.additional_data or {}) if isinstance(instance.additional_data, dict) else {}
    if instance.actor_id is not None:
        data.setdefault("actor_username", instance.actor.get_username())
    obj = _logging_instance.get()
    if obj is not None:
        _logging_instance.set(None)
        if instance.content_type_id == ContentType.objects.get_for_model(obj).pk and str(instance.object_pk) == str(
            obj.pk
        ):
            parent = parent_key(obj)
            if parent:
                data.setdefault("parent", parent)
    instance.additional_data = data or None


# ---- Password changes: logged without the password ----------------------------------------------


PASSWORD_MASK = "••••••"


def _register_password_changes() -> None:
    post_save.connect(_password_saved, sender=get_user_model(), dispatch_uid="audit_password_saved")


def _password_saved(sender, instance, created, raw=False, **kwargs):
    """An entry when a save sets a new password (the User entry itself leaves the field out).

    ``set_password`` keeps the raw password in ``_password`` until the save that stores it has
    run; a post_save receiver therefore knows, without a query, that this save changed it.
    """
    if raw or created or getattr(instance, "_password", None) is None or auditlog_disabled.get():
        return
    LogEntry.objects.log_create(
        instance, action=LogEntry.Action.UPDATE, changes={"password": [PASSWORD_MASK, PASSWORD_MASK]}, force_log=True
    )


# ---- API tokens: logged without their key ------------------------------------------------------


def _register_tokens() -> None:
    model = _get_model("authtoken.Token")
    if model is None:
        return
    _MODELS[TOKEN_MODEL] = model
    post_save.connect(_token_saved, sender=model, dispatch_uid="audit_token_saved")
    post_delete.connect(_token_deleted, sender=model, dispatch_uid="audit_token_deleted")


def _log_token(token, action: int, changes: dict) -> None:
    if auditlog_disabled.get():
        return
    LogEntry.objects.log_create(
        token,
        action=action,
        changes=changes,
        object_pk=str(token.user_id),
        object_id=token.user_id,
        object_repr=gettext("API token of %(user)s") % {"user": token.user.get_username()},
        # The owner's history shows their token being issued and revoked.
        additional_data={"parent": f"{model_key(get_user_model())}:{token.user_id}"},
    )


def _token_saved(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return  # a token is never edited, only created and deleted
    _log_token(instance, LogEntry.Action.CREATE, {"user": ["None", instance.user.get_username()]})


def _token_deleted(sender, instance, **kwargs):
    _log_token(instance, LogEntry.Action.DELETE, {"user": [instance.user.get_username(), "None"]})
