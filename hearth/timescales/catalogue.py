"""Every timescale Hearth knows, each declared once (ARCHITECTURE principle 2).

Sources are quoted as in DOMAIN.md section 0; docs/domain/timescales.md records which were
checked against the primary text. Local rules name the settings.HEARTH key holding their
cadence; the amount declared here is only the default when that key is absent.
"""

from __future__ import annotations

from hearth.timescales.rules import Offset, Rule

CPR_2010 = "Care Planning, Placement and Case Review (England) Regulations 2010"
WORKING_TOGETHER = "Working Together to Safeguard Children 2023"
LOCAL_PRACTICE = "Local practice standard (settings.HEARTH)"

_FRONT_DOOR: tuple[Rule, ...] = (
    Rule(
        id="referral_decision",
        title="Decision on a referral",
        description=(
            "A social worker or manager decides what response the referral needs and tells "
            "the referrer."
        ),
        source=f"{WORKING_TOGETHER}, as restated by the London safeguarding procedures",
        basis="statutory guidance",
        clock_starts="Referral received",
        offset=Offset(1, "working_days"),
        satisfied_by="Decision on the referral recorded",
    ),
    Rule(
        id="assessment_45wd",
        title="Child and family assessment",
        description=(
            "The assessment is completed and authorised no more than 45 working days from the "
            "point of referral."
        ),
        source=f"{WORKING_TOGETHER}; CIN census validation rule 8670Q",
        basis="statutory guidance",
        clock_starts="Referral received (the point of referral)",
        offset=Offset(45, "working_days"),
        satisfied_by="Assessment completed and authorised",
    ),
)

_CHILD_PROTECTION: tuple[Rule, ...] = (
    Rule(
        id="icpc_15wd",
        title="Initial child protection conference",
        description=(
            "The initial child protection conference is held within 15 working days of the "
            "strategy discussion at which the section 47 enquiry was started."
        ),
        source=f"{WORKING_TOGETHER}; CIN census validation rules 8675Q and 8870Q",
        basis="statutory guidance",
        clock_starts="Strategy discussion that started the section 47 enquiry",
        offset=Offset(15, "working_days"),
        satisfied_by="Initial child protection conference held",
    ),
    Rule(
        id="core_group_10wd",
        title="First core group meeting",
        description="The core group first meets within 10 working days of the initial conference.",
        source=f"{WORKING_TOGETHER}, as restated by local safeguarding children procedures",
        basis="statutory guidance",
        clock_starts="Initial child protection conference",
        offset=Offset(10, "working_days"),
        satisfied_by="First core group meeting held",
    ),
    Rule(
        id="core_group_next",
        title="Next core group meeting",
        description="Core groups meet regularly while the child protection plan lasts.",
        source=LOCAL_PRACTICE,
        basis="local policy",
        clock_starts="Previous core group meeting",
        offset=Offset(6, "weeks"),
        satisfied_by="Core group meeting held",
        setting="CORE_GROUP_INTERVAL_WEEKS",
    ),
    Rule(
        id="cp_review_first_3m",
        title="First child protection review conference",
        description=(
            "The first review conference is held within 3 months of the initial conference."
        ),
        source=f"{WORKING_TOGETHER}, as restated by local safeguarding children procedures",
        basis="statutory guidance",
        clock_starts="Initial child protection conference",
        offset=Offset(3, "months"),
        satisfied_by="Child protection review conference held",
    ),
    Rule(
        id="cp_review_6m",
        title="Child protection review conference",
        description="Later review conferences are held at intervals of not more than 6 months.",
        source=f"{WORKING_TOGETHER}, as restated by local safeguarding children procedures",
        basis="statutory guidance",
        clock_starts="Previous child protection review conference",
        offset=Offset(6, "months"),
        satisfied_by="Child protection review conference held",
    ),
    Rule(
        id="prebirth_follow_up",
        title="Review or core group after the birth of a baby on a pre-birth plan",
        description=(
            "After a pre-birth conference, a review conference or core group meets soon after "
            "the birth (10 working days in most procedures; some boroughs use 20)."
        ),
        source=LOCAL_PRACTICE,
        basis="local policy",
        clock_starts="Birth of the baby",
        offset=Offset(10, "working_days"),
        satisfied_by="Review conference or core group meeting held after the birth",
        setting="PREBIRTH_FOLLOW_UP_WORKING_DAYS",
    ),
    Rule(
        id="cp_visit",
        title="Child protection visit",
        description="A child on a child protection plan is visited, and seen, at a local cadence.",
        source=LOCAL_PRACTICE,
        basis="local policy",
        clock_starts="Child protection plan start, then the last visit at which the child was seen",
        offset=Offset(10, "working_days"),
        satisfied_by="Visit at which the child is seen",
        setting="CP_VISIT_WORKING_DAYS",
    ),
    Rule(
        id="cin_visit",
        title="Child in need visit",
        description="A child on a child in need plan is visited, and seen, at a local cadence.",
        source=LOCAL_PRACTICE,
        basis="local policy",
        clock_starts="Child in need plan start, then the last visit at which the child was seen",
        offset=Offset(20, "working_days"),
        satisfied_by="Visit at which the child is seen",
        setting="CIN_VISIT_WORKING_DAYS",
    ),
)

_LOOKED_AFTER: tuple[Rule, ...] = (
    Rule(
        id="care_plan_10wd",
        title="Care plan",
        description=(
            "The care plan is prepared before the child is first placed or, if that is not "
            "practicable, within 10 working days of the start of the first placement."
        ),
        source=f"{CPR_2010}, reg 4(2)",
        basis="regulations",
        clock_starts="Start of the first placement",
        offset=Offset(10, "working_days"),
        satisfied_by="Care plan recorded",
    ),
    Rule(
        id="placement_plan_5wd",
        title="Placement plan",
        description=(
            "The placement plan is prepared before the placement or, if that is not reasonably "
            "practicable, within 5 working days of the start of the placement."
        ),
        source=f"{CPR_2010}, reg 9(2)",
        basis="regulations",
        clock_starts="Start of the placement",
        offset=Offset(5, "working_days"),
        satisfied_by="Placement plan recorded",
    ),
    Rule(
        id="placement_notification_5wd",
        title="Notification of a placement",
        description=(
            "The people the regulations list (the child, parents, the GP, the school, the IRO "
            "and others) are told in writing of the placement before it starts or, in an "
            "emergency, within 5 working days of its start."
        ),
        source=f"{CPR_2010}, reg 13(1)",
        basis="regulations",
        clock_starts="Start of the placement",
        offset=Offset(5, "working_days"),
        satisfied_by="Placement notifications sent",
    ),
    Rule(
        id="iro_appointment_5wd",
        title="Independent reviewing officer appointed",
        description=(
            "An IRO is appointed for the child's case (must be before the first review; good "
            "practice within 5 working days of the child becoming looked after)."
        ),
        source="IRO Handbook 2010, as restated by local children's services procedures",
        basis="statutory guidance",
        clock_starts="Child became looked after",
        offset=Offset(5, "working_days"),
        satisfied_by="IRO appointment recorded",
    ),
    Rule(
        id="cla_review_first_20wd",
        title="First looked after review",
        description=(
            "The first review is held within 20 working days of the child becoming looked after."
        ),
        source=f"{CPR_2010}, reg 33(1)",
        basis="regulations",
        clock_starts="Child became looked after",
        offset=Offset(20, "working_days"),
        satisfied_by="Looked after review held",
    ),
    Rule(
        id="cla_review_second_3m",
        title="Second looked after review",
        description="The second review is held not more than 3 months after the first.",
        source=f"{CPR_2010}, reg 33(2)(a)",
        basis="regulations",
        clock_starts="First looked after review",
        offset=Offset(3, "months"),
        satisfied_by="Looked after review held",
    ),
    Rule(
        id="cla_review_6m",
        title="Looked after review",
        description="Later reviews are held at intervals of not more than 6 months.",
        source=f"{CPR_2010}, reg 33(2)(b)",
        basis="regulations",
        clock_starts="Previous looked after review",
        offset=Offset(6, "months"),
        satisfied_by="Looked after review held",
    ),
    Rule(
        id="cla_review_decisions_5wd",
        title="Looked after review decisions circulated",
        description=(
            "The IRO's decisions from a review are circulated within 5 working days "
            "(not verified against the handbook text)."
        ),
        source="IRO Handbook 2010 (not verified)",
        basis="statutory guidance",
        clock_starts="Looked after review held",
        offset=Offset(5, "working_days"),
        satisfied_by="Review decisions sent",
    ),
    Rule(
        id="cla_review_record_20wd",
        title="Looked after review record completed",
        description=(
            "The full written record of a review is completed within 20 working days "
            "(not verified against the handbook text)."
        ),
        source="IRO Handbook 2010 (not verified)",
        basis="statutory guidance",
        clock_starts="Looked after review held",
        offset=Offset(20, "working_days"),
        satisfied_by="Review record completed",
    ),
    Rule(
        id="cla_visit_first_week",
        title="Visit in the first week of a placement",
        description=(
            "The social worker visits the child within one week of the start of any placement."
        ),
        source=f"{CPR_2010}, reg 28(2)(a)",
        basis="regulations",
        clock_starts="Start of the placement",
        offset=Offset(1, "weeks"),
        satisfied_by="Visit at which the child is seen",
    ),
    Rule(
        id="cla_visit_6w",
        title="Looked after child visit (6-weekly)",
        description=(
            "Visits at intervals of not more than 6 weeks for the first year of a placement, "
            "and afterwards where the placement is not intended to last until 18."
        ),
        source=f"{CPR_2010}, reg 28(2)(b) and (c)(ii); also reg 28(3)(b) and (5)(b)",
        basis="regulations",
        clock_starts="Previous visit at which the child was seen",
        offset=Offset(6, "weeks"),
        satisfied_by="Visit at which the child is seen",
    ),
    Rule(
        id="cla_visit_3m",
        title="Looked after child visit (3-monthly)",
        description=(
            "After the first year of a placement intended to last until the child is 18, "
            "visits at intervals of not more than 3 months."
        ),
        source=f"{CPR_2010}, reg 28(2)(c)(i)",
        basis="regulations",
        clock_starts="Previous visit at which the child was seen",
        offset=Offset(3, "months"),
        satisfied_by="Visit at which the child is seen",
    ),
    Rule(
        id="cla_visit_weekly",
        title="Weekly visit until the first review",
        description=(
            "Where the child is placed with a parent before assessment is complete (reg 19), "
            "with a temporarily approved connected person (reg 24), or at home on an interim "
            "care order, visits at least once a week until the first review."
        ),
        source=f"{CPR_2010}, reg 28(3)(a) and (4)(a)",
        basis="regulations",
        clock_starts="Start of the placement, then the previous visit",
        offset=Offset(1, "weeks"),
        satisfied_by="Visit at which the child is seen",
    ),
    Rule(
        id="cla_visit_4w",
        title="Looked after child visit (4-weekly)",
        description=(
            "After the first review, a child with a temporarily approved connected person or at "
            "home on an interim care order is visited at intervals of not more than 4 weeks."
        ),
        source=f"{CPR_2010}, reg 28(4)(b)",
        basis="regulations",
        clock_starts="Previous visit at which the child was seen",
        offset=Offset(4, "weeks"),
        satisfied_by="Visit at which the child is seen",
    ),
    Rule(
        id="cla_visit_care_order_at_home",
        title="Visit after a care order at home",
        description=(
            "Where a care order is made and the child lives with a parent, a visit within one "
            "week of the order (then at intervals of not more than 6 weeks)."
        ),
        source=f"{CPR_2010}, reg 28(5)(a)",
        basis="regulations",
        clock_starts="Care order made",
        offset=Offset(1, "weeks"),
        satisfied_by="Visit at which the child is seen",
    ),
    Rule(
        id="iha_20wd",
        title="Initial health assessment",
        description=(
            "A registered medical practitioner assesses the child's health before the first "
            "placement or, if not reasonably practicable, before the first review."
        ),
        source=(
            f"{CPR_2010}, reg 7; Promoting the health and wellbeing of looked-after children "
            "(statutory guidance, 2015)"
        ),
        basis="statutory guidance",
        clock_starts="Child became looked after",
        offset=Offset(20, "working_days"),
        satisfied_by="Initial health assessment completed",
    ),
    Rule(
        id="rha_6m_under5",
        title="Review health assessment (under 5)",
        description="A child under 5 has a review health assessment at least every 6 months.",
        source=(
            "Promoting the health and wellbeing of looked-after children (statutory guidance, 2015)"
        ),
        basis="statutory guidance",
        clock_starts="Previous health assessment",
        offset=Offset(6, "months"),
        satisfied_by="Review health assessment completed",
    ),
    Rule(
        id="rha_12m",
        title="Review health assessment (5 and over)",
        description="A child aged 5 or over has a review health assessment at least once a year.",
        source=(
            "Promoting the health and wellbeing of looked-after children (statutory guidance, 2015)"
        ),
        basis="statutory guidance",
        clock_starts="Previous health assessment",
        offset=Offset(12, "months"),
        satisfied_by="Review health assessment completed",
    ),
    Rule(
        id="pep_10wd",
        title="Personal education plan",
        description=(
            "The personal education plan is started as part of the care plan, or within 10 "
            "working days when the child became looked after in an emergency."
        ),
        source=(
            "Promoting the education of looked-after children and previously looked-after "
            "children (statutory guidance, 2018)"
        ),
        basis="statutory guidance",
        clock_starts="Child became looked after",
        offset=Offset(10, "working_days"),
        satisfied_by="Personal education plan started",
    ),
    Rule(
        id="pep_termly",
        title="Personal education plan review",
        description=(
            "The personal education plan is reviewed each school term (about every 4 months; "
            "the cadence is set locally)."
        ),
        source=LOCAL_PRACTICE,
        basis="local policy",
        clock_starts="Previous personal education plan meeting",
        offset=Offset(4, "months"),
        satisfied_by="Personal education plan meeting held",
        setting="PEP_REVIEW_MONTHS",
    ),
    Rule(
        id="sdq_12m",
        title="Strengths and Difficulties Questionnaire",
        description=(
            "A looked after child aged 4 to 16 has an SDQ completed at least once a year "
            "(reported in the SSDA903 OC2 table)."
        ),
        source=(
            "Promoting the health and wellbeing of looked-after children (statutory guidance, "
            "2015); SSDA903 OC2 SDQ_SCORE"
        ),
        basis="statutory guidance",
        clock_starts="Previous SDQ, or the child becoming looked after",
        offset=Offset(12, "months"),
        satisfied_by="SDQ score (or the reason there is none) recorded",
    ),
    Rule(
        id="dental_check",
        title="Dental check",
        description=(
            "A looked after child has a dental check at least once a year (the SSDA903 OC2 "
            "table counts a check in the year; set a shorter cadence locally)."
        ),
        source=LOCAL_PRACTICE,
        basis="local policy",
        clock_starts="Previous dental check, or the child becoming looked after",
        offset=Offset(12, "months"),
        satisfied_by="Dental check recorded",
        setting="DENTAL_CHECK_MONTHS",
    ),
    Rule(
        id="short_break_17d",
        title="End of a short-break placement",
        description=(
            "Under the short-breaks modifications no single placement is intended to last "
            "longer than 17 days (and short breaks total no more than 75 days in 12 months)."
        ),
        source=f"{CPR_2010}, reg 48(2)(c)",
        basis="regulations",
        clock_starts="Start of the short-break placement",
        offset=Offset(17, "days"),
        satisfied_by="Child returned home from the short break",
    ),
)

_EMERGENCY: tuple[Rule, ...] = (
    Rule(
        id="police_protection_72h",
        title="End of police protection",
        description="No child may be kept in police protection for more than 72 hours.",
        source="Children Act 1989, s46(6)",
        basis="statute",
        clock_starts="Child taken into police protection",
        offset=Offset(3, "days"),
        satisfied_by="Police protection ended",
    ),
    Rule(
        id="epo_8d",
        title="End of an emergency protection order",
        description=(
            "An emergency protection order lasts no more than 8 days (extendable once by up to "
            "7 days)."
        ),
        source="Children Act 1989, s45(1) and (5)",
        basis="statute",
        clock_starts="Emergency protection order made",
        offset=Offset(8, "days"),
        satisfied_by="Order ended or extended",
    ),
)

_CARE_LEAVERS: tuple[Rule, ...] = (
    Rule(
        id="needs_assessment_3m_after_16",
        title="Leaving care needs assessment",
        description=(
            "An eligible child's needs are assessed not more than 3 months after their 16th "
            "birthday (or after becoming an eligible child later)."
        ),
        source=f"{CPR_2010}, reg 42(1)",
        basis="regulations",
        clock_starts="16th birthday, or the date the child became eligible if later",
        offset=Offset(3, "months"),
        satisfied_by="Needs assessment completed",
    ),
    Rule(
        id="pathway_plan_review_6m",
        title="Pathway plan review",
        description="The pathway plan is reviewed at least every 6 months, or sooner on request.",
        source="Care Leavers (England) Regulations 2010, as restated by local procedures",
        basis="regulations",
        clock_starts="Previous pathway plan review",
        offset=Offset(6, "months"),
        satisfied_by="Pathway plan reviewed",
    ),
    Rule(
        id="pathway_plan_review_change",
        title="Pathway plan review after a change in circumstances",
        description=(
            "The pathway plan is reviewed when a significant change is recorded (a move of "
            "accommodation, a change of activity, custody, parenthood)."
        ),
        source=LOCAL_PRACTICE,
        basis="local policy",
        clock_starts="Significant change recorded after the latest plan",
        offset=Offset(4, "weeks"),
        satisfied_by="Pathway plan reviewed",
        setting="CARE_LEAVERS_CHANGE_REVIEW_WEEKS",
    ),
    Rule(
        id="personal_adviser_by_16",
        title="Personal adviser allocated",
        description=(
            "A child in care who will be an eligible child has a personal adviser allocated "
            "by their 16th birthday, with a handover from the social worker."
        ),
        source=LOCAL_PRACTICE,
        basis="local policy",
        clock_starts="16th birthday",
        offset=Offset(0, "days"),
        satisfied_by="Personal adviser allocated",
        setting="CARE_LEAVERS_ADVISER_GRACE_DAYS",
    ),
    Rule(
        id="care_leaver_contact",
        title="Keeping in touch with a care leaver",
        description=(
            "The personal adviser is in touch with the young person at least every 8 weeks "
            "by default (or as often as their age band or needs require)."
        ),
        source=LOCAL_PRACTICE,
        basis="local policy",
        clock_starts="Last contact in which the adviser and young person were in touch",
        offset=Offset(8, "weeks"),
        satisfied_by="Contact recorded with the young person in touch",
        setting="CARE_LEAVERS_CONTACT_DEFAULT_WEEKS",
    ),
    Rule(
        id="care_leaver_case_to_adviser",
        title="Case moved to the personal adviser",
        description=(
            "When a relevant young person leaves care (or an eligible one leaves at 18), the "
            "social worker's allocation ends and the personal adviser holds the case."
        ),
        source=(
            "Children Act 1989 guidance and regulations volume 3 (planning transition to "
            "adulthood for care leavers), ch. 3: the personal adviser of relevant and former "
            "relevant children (ss23B(2), 23CA); DOMAIN.md 1.11"
        ),
        basis="statutory guidance",
        clock_starts="Care ended",
        offset=Offset(0, "days"),
        satisfied_by="Case allocated to the personal adviser",
    ),
)

_MISSING: tuple[Rule, ...] = (
    Rule(
        id="rhi_72h",
        title="Return home interview",
        description=(
            "An independent return interview is offered and carried out within 72 hours of "
            "the child's return (counted here as 3 days)."
        ),
        source=(
            "Children who run away or go missing from home or care (DfE statutory guidance, "
            "January 2014)"
        ),
        basis="statutory guidance",
        clock_starts="Child returned",
        offset=Offset(3, "days"),
        satisfied_by="Return home interview carried out (or the offer declined)",
    ),
    Rule(
        id="exploitation_safety_plan",
        title="Safety plan after an exploitation screening",
        description=(
            "A child screened at medium or high risk of exploitation has a safety plan with "
            "protective and disruption actions."
        ),
        source=LOCAL_PRACTICE,
        basis="local policy",
        clock_starts="Exploitation screening at medium or high risk",
        offset=Offset(5, "working_days"),
        satisfied_by="Safety plan agreed",
        setting="SAFETY_PLAN_WORKING_DAYS",
    ),
    Rule(
        id="exploitation_safety_plan_review",
        title="Safety plan review",
        description=(
            "A safety plan is reviewed by the date set when it was agreed or last reviewed."
        ),
        source=LOCAL_PRACTICE,
        basis="local policy",
        clock_starts="The review date set in the plan",
        offset=Offset(0, "days"),
        satisfied_by="Safety plan reviewed",
        setting="SAFETY_PLAN_REVIEW_GRACE_DAYS",
    ),
    Rule(
        id="exploitation_screening_review",
        title="Exploitation screening review",
        description="The child's exploitation screening is repeated by its review date.",
        source=LOCAL_PRACTICE,
        basis="local policy",
        clock_starts="The review date set at the last screening",
        offset=Offset(0, "days"),
        satisfied_by="A new exploitation screening recorded",
        setting="SCREENING_REVIEW_GRACE_DAYS",
    ),
)

_CASEWORK: tuple[Rule, ...] = (
    Rule(
        id="first_visit_after_allocation",
        title="First visit after allocation",
        description="A newly allocated worker visits and sees the child.",
        source=LOCAL_PRACTICE,
        basis="local policy",
        clock_starts="Allocation to the worker",
        offset=Offset(5, "working_days"),
        satisfied_by="Case note of a visit at which the child was seen",
        setting="FIRST_VISIT_WORKING_DAYS",
    ),
    Rule(
        id="allocated_child_visit",
        title="Visit to an allocated child",
        description="Every allocated child is visited, and seen, at a local cadence.",
        source=LOCAL_PRACTICE,
        basis="local policy",
        clock_starts="Last visit at which the child was seen, or the allocation start",
        offset=Offset(20, "working_days"),
        satisfied_by="Case note of a visit at which the child was seen",
        setting="ALLOCATED_VISIT_WORKING_DAYS",
    ),
    Rule(
        id="case_note_finalise",
        title="Finalise a draft case note",
        description="A draft case note is finalised promptly so the record is complete.",
        source=LOCAL_PRACTICE,
        basis="local policy",
        clock_starts="Draft case note started",
        offset=Offset(1, "working_days"),
        satisfied_by="Case note finalised",
        setting="CASE_NOTE_FINALISE_WORKING_DAYS",
    ),
)

_OVERSIGHT: tuple[Rule, ...] = (
    Rule(
        id="supervision_due",
        title="Supervision",
        description=(
            "Each worker has regular supervision: monthly by default, fortnightly for newly "
            "qualified social workers in their first six months (the agreement may set "
            "another frequency)."
        ),
        source=LOCAL_PRACTICE,
        basis="local policy",
        clock_starts="Last supervision held, or the start of the supervision agreement",
        offset=Offset(1, "months"),
        satisfied_by="Supervision session held and recorded",
        setting="SUPERVISION_INTERVAL_MONTHS",
    ),
    Rule(
        id="oversight_interval",
        title="Management oversight",
        description=(
            "A manager records oversight and direction on every allocated case at least as "
            "often as its case type requires (OVERSIGHT_INTERVAL_WEEKS: e.g. 4 weeks on a "
            "child protection plan, 6 weeks for a child in care)."
        ),
        source=LOCAL_PRACTICE,
        basis="local policy",
        clock_starts="Last recorded management oversight, or the allocation",
        offset=Offset(6, "weeks"),
        satisfied_by="Management oversight entry recorded on the child's record",
        setting="OVERSIGHT_DEFAULT_INTERVAL_WEEKS",
    ),
    Rule(
        id="oversight_action",
        title="Action from management oversight or supervision",
        description="An action set by a manager is completed by the date the manager set.",
        source=LOCAL_PRACTICE,
        basis="local policy",
        clock_starts="The date set for the action",
        offset=Offset(0, "days"),
        satisfied_by="Action marked complete",
        setting="OVERSIGHT_ACTION_GRACE_DAYS",
    ),
    Rule(
        id="oversight_key_point",
        title="Management oversight at a key point",
        description=(
            "A manager records oversight and direction after each key point of a case: "
            "allocation, assessment authorisation, a child protection or child in need plan "
            "starting, being reviewed or ending, and closure of the child in need episode."
        ),
        source=LOCAL_PRACTICE,
        basis="local policy",
        clock_starts="The key point (allocation start, authorisation, plan start, review or end, "
        "episode closure)",
        offset=Offset(5, "working_days"),
        satisfied_by="Management oversight entry recorded for that key point",
        setting="OVERSIGHT_KEY_POINT_WORKING_DAYS",
    ),
)

ADOPTION_GUIDANCE = "Adoption: statutory guidance (DfE, 2013, chapter 3)"
SCORECARD = "DfE adoption scorecard threshold (An action plan for adoption: tackling delay, 2012)"

_ADOPTION: tuple[Rule, ...] = (
    Rule(
        id="adoption_a1_426d",
        title="Entering care to moving in with the adoptive family (scorecard A1)",
        description=(
            "A child who is to be adopted moves in with their adoptive family within 426 days "
            "(14 months) of entering care. A national performance threshold measured over "
            "three years, not a legal limit; A10 stops the clock when a child later adopted "
            "by their foster carers moved in with them."
        ),
        source=f"{SCORECARD}; final 2013-16 threshold of 14 months",
        basis="statutory guidance",
        clock_starts="Child entered care (start of the period of care)",
        offset=Offset(426, "days"),
        satisfied_by="Child placed for adoption",
    ),
    Rule(
        id="adoption_a2_121d",
        title="Placement order to match (scorecard A2)",
        description=(
            "The local authority decides on a match to an adoptive family within 121 days "
            "(4 months) of receiving court authority to place the child (the placement order). "
            "A match made before the order counts as 0 days."
        ),
        source=f"{SCORECARD}; final 2013-16 threshold of 4 months; LG Inform metric 912",
        basis="statutory guidance",
        clock_starts="Placement order made",
        offset=Offset(121, "days"),
        satisfied_by="Match with prospective adopters recorded",
    ),
    Rule(
        id="adopter_stage1_2m",
        title="Adopter approval: stage 1 (pre-assessment)",
        description=(
            "Stage 1 (checks, references and preparation) normally ends within 2 months of the "
            "agency accepting the registration of interest."
        ),
        source=f"{ADOPTION_GUIDANCE}, as restated by local adoption agencies",
        basis="statutory guidance",
        clock_starts="Stage 1 started (registration of interest accepted)",
        offset=Offset(2, "months"),
        satisfied_by="Stage 1 ended",
    ),
    Rule(
        id="adopter_stage2_4m",
        title="Adopter approval: stage 2 (assessment)",
        description=(
            "Stage 2 (the home study and the prospective adopter's report) normally ends with "
            "the agency's decision within 4 months of its start."
        ),
        source=f"{ADOPTION_GUIDANCE}, as restated by local adoption agencies",
        basis="statutory guidance",
        clock_starts="Stage 2 started",
        offset=Offset(4, "months"),
        satisfied_by="Stage 2 ended",
    ),
)

# The rules grouped for display, in the order of a child's journey.
SECTIONS: tuple[tuple[str, tuple[Rule, ...]], ...] = (
    ("Front door and assessment", _FRONT_DOOR),
    ("Child protection", _CHILD_PROTECTION),
    ("Children looked after", _LOOKED_AFTER),
    ("Police powers and emergency orders", _EMERGENCY),
    ("Adoption and permanence", _ADOPTION),
    ("Care leavers", _CARE_LEAVERS),
    ("Missing children", _MISSING),
    ("Casework (local practice)", _CASEWORK),
    ("Supervision and management oversight (local practice)", _OVERSIGHT),
)


def _index(rules: tuple[Rule, ...]) -> dict[str, Rule]:
    index: dict[str, Rule] = {}
    for declared in rules:
        if declared.id in index:
            raise ValueError(f"Timescale rule {declared.id!r} is declared twice")
        index[declared.id] = declared
    return index


RULES: dict[str, Rule] = _index(tuple(r for _, rules in SECTIONS for r in rules))


def rule(rule_id: str) -> Rule:
    """The rule with this id; KeyError naming the known ids if there is none."""
    try:
        return RULES[rule_id]
    except KeyError:
        raise KeyError(
            f"No timescale rule {rule_id!r}. Known rules: {', '.join(sorted(RULES))}"
        ) from None
