"""What each role may do inside its own tenant. A missing right answers 403.

One function per action; views call them through ``require``. Each app's rights are grouped
under a heading so that the permission matrix test and this file can be read side by side.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from .context import MunicipalityContext, NetworkContext


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- Municipalities ------------------------------------------------------------------------------

def can_invite_members(ctx: MunicipalityContext) -> bool:
    return ctx.is_coordinator


def can_manage_members(ctx: MunicipalityContext) -> bool:
    """Remove a member, end a coordinator role, withdraw an invitation: the municipality's own
    coordinators only (a project leader never gives or takes a role inside a municipality)."""
    return ctx.is_coordinator


def can_manage_municipality_settings(ctx: MunicipalityContext) -> bool:
    return ctx.is_coordinator


def can_view_municipality_history(ctx: MunicipalityContext) -> bool:
    """The audit trail is for coordinators (issue 7); it names who changed what."""
    return ctx.is_coordinator


def can_export_municipality_data(ctx: MunicipalityContext) -> bool:
    return ctx.is_coordinator


def can_manage_sign_in(ctx: MunicipalityContext) -> bool:
    """Identity providers, the sign-in policy, levels for people who signed in through SSO."""
    return ctx.is_coordinator


# --- Networks ------------------------------------------------------------------------------------

def can_invite_coordinators(ctx: NetworkContext) -> bool:
    """Only the first coordinator of a member municipality that has none (networks.services.coordinator_invite)."""
    return ctx.is_project_leader


def can_manage_network_settings(ctx: NetworkContext) -> bool:
    return ctx.is_project_leader


def can_view_network_history(ctx: NetworkContext) -> bool:
    return ctx.is_project_leader


# --- Goals ---------------------------------------------------------------------------------------

def can_edit_municipal_goals(ctx: MunicipalityContext) -> bool:
    """Coordinators and the administration own the municipality's goals (any level, any school)."""
    return ctx.is_coordinator or ctx.is_administration


def can_create_goal(ctx: MunicipalityContext) -> bool:
    # Principals create goals too, but only for their own school (the form and service hold them to it).
    return can_edit_municipal_goals(ctx) or (ctx.is_principal and ctx.school_id is not None)


def can_edit_goal(ctx: MunicipalityContext, goal) -> bool:
    if can_edit_municipal_goals(ctx):
        return True
    return ctx.is_principal and goal.school_id is not None and goal.school_id == ctx.school_id


def can_propose_goal(ctx: MunicipalityContext) -> bool:
    """Teachers propose goals for their team; a proposal waits for a principal or coordinator."""
    return ctx.is_teacher and ctx.school_id is not None


def can_accept_goal_proposal(ctx: MunicipalityContext, goal) -> bool:
    return can_edit_goal(ctx, goal)


def can_record_goal_adoption(ctx: MunicipalityContext) -> bool:
    """The board adopts goals: its politicians record it, and so may the coordinator who keeps the minutes."""
    return ctx.is_politician or ctx.is_coordinator


def can_share_goal_with_network(ctx: MunicipalityContext) -> bool:
    return ctx.is_coordinator


# --- Commitments ---------------------------------------------------------------------------------
# Every member of a municipality may make commitments for it (teachers for their school or team;
# the form offers them only their own school). The owner or the coordinator changes the status.

def can_create_commitment(ctx: MunicipalityContext) -> bool:
    return ctx.membership is not None


def can_edit_commitment(ctx: MunicipalityContext, commitment) -> bool:
    user_id = ctx.membership.user_id
    return ctx.is_coordinator or user_id in (commitment.owner_id, commitment.created_by_id)


def can_change_commitment_status(ctx: MunicipalityContext, commitment) -> bool:
    return ctx.is_coordinator or ctx.membership.user_id == commitment.owner_id


def can_record_progress(ctx: MunicipalityContext, commitment, school_ids: set[int] | None = None) -> bool:
    """Members record progress on their municipality's commitments.

    Someone tied to a school (teachers, principals) records on their school's commitments and on
    those without a school; the owner and the coordinator always may.
    """
    if can_change_commitment_status(ctx, commitment) or ctx.school_id is None:
        return True
    if school_ids is None:
        school_ids = {s.pk for s in commitment.schools.all()}
    return not school_ids or ctx.school_id in school_ids


def can_give_feedback(ctx: NetworkContext, receiver_id: int) -> bool:
    """Project leaders and people from the network's other municipalities give feedback."""
    if ctx.is_project_leader:
        return True
    own = ctx.own_municipality_ids
    return bool(own) and receiver_id not in own


# --- Meetings ------------------------------------------------------------------------------------

def can_plan_meetings(ctx: NetworkContext) -> bool:
    """Rounds and meetings are planned by the network's project leaders only."""
    return ctx.is_project_leader


def can_register_for_meetings(ctx: NetworkContext) -> bool:
    """Members of the network's municipalities register themselves."""
    return bool(ctx.own_memberships)


def can_register_others(ctx: NetworkContext, municipality_id: int) -> bool:
    """A coordinator registers people of their own municipality."""
    return any(m.is_coordinator and m.municipality_id == municipality_id for m in ctx.own_memberships)


def coordinated_municipality_ids(ctx: NetworkContext) -> tuple[int, ...]:
    return tuple(m.municipality_id for m in ctx.own_memberships if m.is_coordinator)


def can_take_attendance(ctx: NetworkContext) -> bool:
    return ctx.is_project_leader


def can_make_groups(ctx: NetworkContext) -> bool:
    return ctx.is_project_leader


# --- Reports -------------------------------------------------------------------------------------

def can_see_municipality_reports(ctx: MunicipalityContext) -> bool:
    """Every member reads the progress reports: they hold only what members already see."""
    return ctx.membership is not None


def can_request_municipality_report(ctx: MunicipalityContext) -> bool:
    """The board's report is asked for by the politicians and by the coordinators."""
    return ctx.is_politician or ctx.is_coordinator


def can_request_network_report(ctx: NetworkContext) -> bool:
    """Network reports and meeting summaries are the project leaders' (requested and read)."""
    return ctx.is_project_leader


# --- Reviews (mappings) --------------------------------------------------------------------------
# Nobody may read another person's answers: there is no right for it, and no page.

def can_open_mapping(ctx: MunicipalityContext) -> bool:
    """The coordinator opens, closes and publishes the municipality's mappings."""
    return ctx.is_coordinator


def can_answer_mapping(ctx: MunicipalityContext) -> bool:
    """Every member on all four levels is asked to answer."""
    return ctx.membership is not None


def can_see_mapping_results(ctx: MunicipalityContext) -> bool:
    """Aggregate results (anonymity applied) are for every member of the municipality."""
    return ctx.membership is not None


def can_manage_review_templates(ctx: NetworkContext) -> bool:
    return ctx.is_project_leader


# --- Indicators ----------------------------------------------------------------------------------

def can_view_statistics(ctx: MunicipalityContext) -> bool:
    """Every member of the municipality reads (and downloads) its statistics."""
    return True


def can_edit_measurements(ctx: MunicipalityContext) -> bool:
    """Entering and correcting values by hand: coordinators and the administration."""
    return ctx.is_coordinator or ctx.is_administration


def can_import_statistics(ctx: MunicipalityContext) -> bool:
    return ctx.is_coordinator


def can_manage_kolada(ctx: MunicipalityContext) -> bool:
    """Choosing Kolada's key figures and comparison group, and fetching now: an import, like
    Skolverket's files (coordinators)."""
    return can_import_statistics(ctx)


def can_import_network_statistics(ctx: NetworkContext) -> bool:
    return ctx.is_project_leader


# --- Quality work (Modellen 2.0 tools) -----------------------------------------------------------
# Förvaltning and coordinators write the municipality's content (principles, municipal routines,
# templates, evaluations and dialogues); principals write their own school's; every member reads
# the principles and routines and confirms the principles they have read.

def can_write_municipal_quality(ctx: MunicipalityContext) -> bool:
    return ctx.is_coordinator or ctx.is_administration


def can_write_school_quality(ctx: MunicipalityContext, school_id: int | None) -> bool:
    """A school's routine, evaluation or dialogue: the municipality's writers, or that school's principal."""
    if can_write_municipal_quality(ctx):
        return True
    return school_id is not None and ctx.is_principal and ctx.school_id == school_id


def can_write_some_quality(ctx: MunicipalityContext) -> bool:
    """May create school content for at least one school (the pages offer the form)."""
    return can_write_municipal_quality(ctx) or (ctx.is_principal and ctx.school_id is not None)


def can_read_quality(ctx: MunicipalityContext) -> bool:
    return ctx.membership is not None


def can_tick_routine_task(ctx: MunicipalityContext, task) -> bool:
    """The task's owner ticks it; so do those who write the routine it comes from."""
    return task.owner_id == ctx.membership.user_id or can_write_school_quality(ctx, task.routine.school_id)


def quality_copy_municipality_ids(ctx: NetworkContext) -> tuple[int, ...]:
    """The user's municipalities in this network into which they may copy a shared example."""
    from municipalities.models import Level

    return tuple(m.municipality_id for m in ctx.own_memberships if m.is_coordinator or m.level == Level.FORVALTNING)


# --- Principals' time (Modellen 2.0, dimension 7) ------------------------------------------------
# A principal's time log, target and freed time are theirs and förvaltning's only (DOMAIN.md):
# not other principals', not teachers' or the board's, and not a coordinator's unless the
# coordinator is förvaltning. Everyone else sees dimension 7's status (counts of principals).

def can_follow_principal_time(ctx: MunicipalityContext) -> bool:
    """Förvaltning follows every principal's trend and sets the targets with them."""
    return ctx.is_administration


def can_log_principal_time(ctx: MunicipalityContext) -> bool:
    """A principal logs their own weeks and their own freed time."""
    return ctx.is_principal


def can_see_principal_time(ctx: MunicipalityContext, principal_id: int) -> bool:
    return can_follow_principal_time(ctx) or (ctx.is_principal and ctx.membership.user_id == principal_id)


def can_set_time_target(ctx: MunicipalityContext) -> bool:
    return can_follow_principal_time(ctx)


def can_edit_freed_time(ctx: MunicipalityContext, principal_id: int) -> bool:
    return ctx.is_principal and ctx.membership.user_id == principal_id


# --- Competence and Visa & berätta (Modellen 2.0, dimension 8) ------------------------------------
# Self-assessments and sessions are staff data (DOMAIN.md): a person's own answers and sessions are
# theirs and their school's principal's; the school's staff and förvaltning see the school only as
# aggregates above the anonymity threshold (competence.selectors applies it); politicians and
# other schools' staff see no school's analysis.

def _is_staff_of(ctx: MunicipalityContext, school_id: int | None) -> bool:
    return school_id is not None and ctx.school_id == school_id and (ctx.is_teacher or ctx.is_principal)


def can_edit_competences(ctx: MunicipalityContext) -> bool:
    """The municipality's list of competences: förvaltning and coordinators."""
    return can_write_municipal_quality(ctx)


def can_edit_checklist(ctx: MunicipalityContext, routine) -> bool:
    """A routine's checklist is written by those who write the routine."""
    return can_write_school_quality(ctx, routine.school_id)


def can_assess_own_competence(ctx: MunicipalityContext) -> bool:
    """Staff at a school (teachers and principals) assess their own competences."""
    return ctx.school_id is not None and (ctx.is_teacher or ctx.is_principal)


def can_see_school_competence(ctx: MunicipalityContext, school_id: int) -> bool:
    """The school's analysis (aggregates above the threshold) and its plan: its staff and förvaltning."""
    return can_write_municipal_quality(ctx) or _is_staff_of(ctx, school_id)


def can_see_individual_competence(ctx: MunicipalityContext, school_id: int) -> bool:
    """Each person's answers at a school: that school's principal only (and each person their own)."""
    return ctx.is_principal and ctx.school_id == school_id


def can_plan_competence(ctx: MunicipalityContext, school_id: int) -> bool:
    """The school's competence plan: its principal, or förvaltning."""
    return can_write_school_quality(ctx, school_id)


def can_record_show_and_tell(ctx: MunicipalityContext, school_id: int | None) -> bool:
    """A colleague or leader at the same school records a session and checks it."""
    return _is_staff_of(ctx, school_id)


def can_see_show_and_tell(ctx: MunicipalityContext, session) -> bool:
    """A session (its checks and notes): the presenter, the checker and the school's principal."""
    user_id = ctx.membership.user_id
    return user_id in (session.presenter_id, session.checker_id) or can_see_individual_competence(ctx, session.school_id)


def can_check_show_and_tell(ctx: MunicipalityContext, session) -> bool:
    """The checker records the checks; so may the school's principal. Never the one who showed."""
    user_id = ctx.membership.user_id
    if user_id == session.presenter_id:
        return False
    return user_id == session.checker_id or can_see_individual_competence(ctx, session.school_id)


def can_see_coverage_names(ctx: MunicipalityContext, school_id: int) -> bool:
    """Who at a school has shown which routine: the school's staff (names; the checks stay private).

    Förvaltning sees counts per school and routine."""
    return _is_staff_of(ctx, school_id)


# --- Progression (Modellen 2.0 dimension 3) ------------------------------------------------------
# Results are aggregates per class (no pupil is named; small classes show no figure), so every
# member of the municipality reads them. A school's principals and teachers write its classes and
# results; förvaltning and coordinators define the measures all schools share and compare schools.

def can_read_progression(ctx: MunicipalityContext) -> bool:
    return ctx.membership is not None


def can_write_school_results(ctx: MunicipalityContext, school_id: int) -> bool:
    """Enter or import results and add classes: the school's own principals and teachers."""
    return (ctx.is_principal or ctx.is_teacher) and ctx.school_id is not None and ctx.school_id == school_id


def can_define_progression_measures(ctx: MunicipalityContext) -> bool:
    return ctx.is_coordinator or ctx.is_administration


# --- Read API (tokens) ---------------------------------------------------------------------------
# A token reads with its maker's rights, checked on every call: it stops working the moment its
# maker is no longer the tenant's coordinator (or project leader).

def can_manage_api_tokens(ctx: MunicipalityContext) -> bool:
    return ctx.is_coordinator


def can_manage_network_api_tokens(ctx: NetworkContext) -> bool:
    return ctx.is_project_leader


# --- Teaching quality (Modellen 2.0 dimension 4; the teaching app) -------------------------------
# Lesson visits are staff data (DOMAIN.md): the teacher visited and their school's principal see
# a visit; förvaltning, the board and the coordinator see schools as aggregates above the
# anonymity threshold (teaching.selectors), never a teacher; colleagues and other principals see
# neither. The rubric is everyone's to read and förvaltning's to write.

def can_edit_teaching_rubric(ctx: MunicipalityContext) -> bool:
    return ctx.is_coordinator or ctx.is_administration


def can_record_lesson_visit(ctx: MunicipalityContext) -> bool:
    """Principals visit lessons at their own school."""
    return ctx.is_principal and ctx.school_id is not None


def can_see_lesson_visit(ctx: MunicipalityContext, visit) -> bool:
    if visit.teacher_id == ctx.membership.user_id:
        return True
    return ctx.is_principal and ctx.school_id is not None and ctx.school_id == visit.school_id


def can_comment_lesson_visit(ctx: MunicipalityContext, visit) -> bool:
    return visit.teacher_id == ctx.membership.user_id


def can_see_all_school_teaching(ctx: MunicipalityContext) -> bool:
    """Every school's picture (aggregates only): förvaltning, the coordinator and the board."""
    return ctx.is_coordinator or ctx.is_administration or ctx.is_politician


def can_see_school_teaching(ctx: MunicipalityContext, school_id: int) -> bool:
    """One school's picture and plan: the municipality's readers above, or that school's own staff."""
    return can_see_all_school_teaching(ctx) or (ctx.school_id is not None and ctx.school_id == school_id)


def can_edit_teaching_plan(ctx: MunicipalityContext, school_id: int) -> bool:
    """The school's principal, or förvaltning and the coordinator (as for the school's routines)."""
    return ctx.is_coordinator or ctx.is_administration or (ctx.is_principal and ctx.school_id == school_id)
