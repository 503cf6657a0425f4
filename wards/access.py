"""Who may see or do what: the one place that decides.

Every page, API endpoint, export, search and admin list scopes its queryset with
:func:`scope_to_user` and checks single objects with :func:`can_view_ward` /
:func:`can_change_ward`. A ward officer asking for another ward's object gets 404.

The rules of the other apps (reviewing reports, recording inspections, moving stock) live
here too, one function each; services raise with them, views pass their answers to
templates, and templates ask them through ``wards/templatetags/access_tags.py``. This module
imports no other domain app: the checks take the objects and read their fields, properties
and related managers (``report.awaits_review``, ``holder.is_district_store``,
``team.members``).

Every check starts from :func:`is_active_user`: anonymous and deactivated users may do nothing.
The role itself is asked of the user (``is_ward_officer``, ``is_committee``,
``is_district_admin``, ``sees_whole_district``: properties of ``wards.User``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, TypeGuard

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from wards.models import District, User, Ward
    from wards.types import AnyUser


# What the checks read of the other apps' objects (this module imports no other domain app).


class _OfWard(Protocol):
    @property
    def ward_id(self) -> int: ...


class ReportLike(_OfWard, Protocol):
    @property
    def is_editable(self) -> bool: ...
    @property
    def can_submit(self) -> bool: ...
    @property
    def awaits_review(self) -> bool: ...
    @property
    def awaits_acknowledgement(self) -> bool: ...


class TeamLike(Protocol):
    @property
    def members(self) -> Any: ...  # the team's members (a related manager with ``user_id``)


class EstablishmentLike(_OfWard, Protocol):
    @property
    def is_closed(self) -> bool: ...


class ScheduleLike(Protocol):
    @property
    def is_planned(self) -> bool: ...


class HolderLike(Protocol):
    @property
    def is_district_store(self) -> bool: ...
    @property
    def ward_id(self) -> int | None: ...


class TransferLike(Protocol):
    @property
    def is_in_transit(self) -> bool: ...
    @property
    def to_holder(self) -> HolderLike: ...


class MovementLike(Protocol):
    @property
    def can_be_reversed(self) -> bool: ...


class AssignmentLike(_OfWard, Protocol):
    @property
    def can_reply(self) -> bool: ...
    @property
    def awaits_review(self) -> bool: ...


# ---- Roles ----------------------------------------------------------------------------------


def is_active_user(user: AnyUser) -> TypeGuard[User]:
    """Signed in and not deactivated: the first condition of every check below."""
    return bool(user and user.is_authenticated and user.is_active)


def is_admin(user: AnyUser) -> TypeGuard[User]:
    """An active district administrator."""
    return is_active_user(user) and user.is_district_admin


def is_officer(user: AnyUser) -> TypeGuard[User]:
    """An active ward officer with a ward."""
    return is_active_user(user) and user.is_ward_officer and user.ward_id is not None


def sees_whole_district(user: AnyUser) -> bool:
    """An active committee member, administrator or leader in charge: every ward is theirs to see
    (leaders read only: no check that allows a change or a review accepts them)."""
    return is_active_user(user) and user.sees_whole_district


def require_admin(user: AnyUser) -> User:
    """Raise ``PermissionDenied`` unless ``user`` is an active district administrator (services call
    it); returns the administrator, typed as a user (for ``created_by`` and the like)."""
    if not is_admin(user):
        raise PermissionDenied(_("Only district administrators may do this."))
    return user


# ---- Wards ----------------------------------------------------------------------------------


def _pk(obj: Model | int | None) -> int | None:
    """The id of ``obj`` (a model instance or already an id)."""
    if obj is None:
        return None
    return obj if isinstance(obj, int) else obj.pk


def can_view_ward(user: AnyUser, ward: Ward | int | None) -> bool:
    """May ``user`` see objects of ``ward`` (a Ward or its id)?

    Committee members and district administrators see every ward; a ward officer sees
    only their own ward; anonymous and inactive users see nothing.
    """
    if sees_whole_district(user):
        return True
    return is_officer(user) and user.ward_id == _pk(ward)


def can_change_ward(user: AnyUser, ward: Ward | int | None) -> bool:
    """May ``user`` create or change objects that belong to ``ward``?

    A ward officer changes their own ward's objects (reports, distributions); district
    administrators change any ward's. The committee reviews but does not edit ward data;
    its review rights are :func:`can_review_reports`.
    """
    if is_admin(user):
        return True
    return is_officer(user) and user.ward_id == _pk(ward)


def scope_to_user[Q: QuerySet[Any, Any]](queryset: Q, user: AnyUser, ward_field: str = "ward") -> Q:
    """Restrict ``queryset`` to the objects ``user`` may see.

    ``ward_field`` is the lookup path from the model to its ward (``"ward"``,
    ``"establishment__ward"``, ``"pk"`` for the Ward model itself). An object with no
    ward (district-level) is visible to the committee and administrators only.
    """
    if sees_whole_district(user):
        return queryset
    if is_officer(user):
        return queryset.filter(**{ward_field: user.ward_id})
    return queryset.none()


def get_for_user_or_404[M: Model](
    queryset: QuerySet[M, M], user: AnyUser, ward_field: str = "ward", **lookup: Any
) -> M:
    """Fetch one object the user may see, or raise 404 (never reveal another ward's object)."""
    try:
        return scope_to_user(queryset, user, ward_field).get(**lookup)
    except ObjectDoesNotExist as exc:  # the model's DoesNotExist
        raise Http404 from exc


def ward_limit_or_404(user: AnyUser, district: District | int) -> int | None:
    """The ward ``user`` is limited to on ``district``'s district-wide pages (summaries).

    ``None`` for the committee and administrators (the whole district); a ward officer's own
    ward when it lies in ``district``; 404 for anyone else.
    """
    if sees_whole_district(user):
        return None
    if is_officer(user) and user.ward is not None and user.ward.district_id == _pk(district):
        return user.ward_id
    raise Http404


# ---- Reports --------------------------------------------------------------------------------


def require_report_writer(user: AnyUser, ward: Ward | int | None) -> None:
    """Raise ``PermissionDenied`` unless ``user`` may write ``ward``'s reports (:func:`can_change_ward`)."""
    if not can_change_ward(user, ward):
        raise PermissionDenied(_("Only the ward's own officers may write its reports."))


def can_review_reports(user: AnyUser) -> bool:
    """The district steering committee (and administrators) approve, return and acknowledge reports.

    The leaders in charge of wards read what the committee reads but review nothing."""
    return is_active_user(user) and (user.is_committee or user.is_district_admin)


def can_compile_summaries(user: AnyUser) -> bool:
    """The committee and administrators compile a summary now; the leaders in charge only read them."""
    return is_active_user(user) and (user.is_committee or user.is_district_admin)


def require_report_reviewer(user: AnyUser) -> None:
    """Raise ``PermissionDenied`` unless ``user`` reviews reports (:func:`can_review_reports`)."""
    if not can_review_reports(user):
        raise PermissionDenied(_("Only the district steering committee reviews reports."))


def can_edit_report(user: AnyUser, report: ReportLike) -> bool:
    """May ``user`` change ``report`` now (its ward's writer, and the report still open to changes)?"""
    return can_change_ward(user, report.ward_id) and report.is_editable


def can_submit_report(user: AnyUser, report: ReportLike) -> bool:
    """May ``user`` send ``report`` to the committee now (a draft or a returned report of their ward)?"""
    return can_change_ward(user, report.ward_id) and report.can_submit


def can_review_report(user: AnyUser, report: ReportLike) -> bool:
    """May ``user`` approve or return ``report`` now (a reviewer, and the report awaits review)?"""
    return can_review_reports(user) and report.awaits_review


def can_acknowledge_report(user: AnyUser, report: ReportLike) -> bool:
    """May ``user`` acknowledge ``report`` now (a reviewer, and an urgent report not yet acknowledged)?"""
    return can_review_reports(user) and report.awaits_acknowledgement


# ---- Inspections ----------------------------------------------------------------------------


def is_team_member(user: AnyUser, team: TeamLike) -> bool:
    """Is ``user`` a member of ``team`` (an InspectionTeam)? One query."""
    return bool(user and user.is_authenticated and team.members.filter(user_id=user.pk).exists())


def can_record(user: AnyUser, team: TeamLike) -> bool:
    """Members of the team (any role) and district administrators record its inspections."""
    if not is_active_user(user):
        return False
    return user.is_district_admin or is_team_member(user, team)


def can_plan_visit(user: AnyUser, establishment: EstablishmentLike) -> bool:
    """Administrators plan visits of establishments that are not closed for good."""
    return is_admin(user) and not establishment.is_closed


def can_cancel_schedule(user: AnyUser, schedule: ScheduleLike) -> bool:
    """Administrators cancel a visit while it is planned."""
    return is_admin(user) and schedule.is_planned


def can_suggest_update(user: AnyUser, establishment: EstablishmentLike) -> bool:
    """Ward officers propose corrections to their own ward's establishments; administrators edit directly."""
    return is_officer(user) and can_view_ward(user, establishment.ward_id)


def can_mark_disinfection(user: AnyUser, ward: Ward | int | None, team: TeamLike | None = None) -> bool:
    """May ``user`` mark a site of ``ward`` done in a disinfection round (whose team is ``team``)?

    A ward officer marks their own ward's sites, administrators any; the members of the round's
    team mark any site of the round. Leaders in charge of wards read only."""
    if can_change_ward(user, ward):
        return True
    return team is not None and is_active_user(user) and not user.is_leader and is_team_member(user, team)


def can_manage_disinfection(user: AnyUser) -> bool:
    """Administrators create disinfection rounds and their sites."""
    return is_admin(user)


# ---- Supplies -------------------------------------------------------------------------------


def can_move_stock(user: AnyUser) -> bool:
    """Ward officers (their ward's store) and administrators record distributions, counts and returns."""
    return is_officer(user) or is_admin(user)


def can_change_holder(user: AnyUser, holder: HolderLike) -> bool:
    """District stores are changed by administrators; a ward's store by its officers and administrators."""
    if holder.is_district_store:
        return is_admin(user)
    return can_change_ward(user, holder.ward_id)


def can_receive_transfer(user: AnyUser, transfer: TransferLike) -> bool:
    """May ``user`` confirm what arrived of ``transfer`` (in transit, to a store they may change)?"""
    return transfer.is_in_transit and can_change_holder(user, transfer.to_holder)


def can_reverse_movement(user: AnyUser, movement: MovementLike) -> bool:
    """Administrators reverse a movement once; a reversal is not reversed."""
    return is_admin(user) and movement.can_be_reversed


# ---- Directives -----------------------------------------------------------------------------


def can_manage_directives(user: AnyUser) -> bool:
    """Administrators keep the registry of documents and the tasks they give wards."""
    return is_admin(user)


def can_reply_assignment(user: AnyUser, assignment: AssignmentLike) -> bool:
    """The ward's own officers (and administrators) reply while the assignment is new or returned."""
    return can_change_ward(user, assignment.ward_id) and assignment.can_reply


def can_review_assignments(user: AnyUser) -> bool:
    """The district steering committee (and administrators) accept or return the wards' replies."""
    return sees_whole_district(user)


def can_review_assignment(user: AnyUser, assignment: AssignmentLike) -> bool:
    """May ``user`` accept or return ``assignment`` now (a reviewer, and a reply awaits review)?"""
    return can_review_assignments(user) and assignment.awaits_review
