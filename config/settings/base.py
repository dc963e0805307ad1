"""Settings shared by every environment. Development defaults: SQLite under var/."""

from datetime import timedelta

from csp.constants import NONCE

from config.env import BASE_DIR, database_config, env_bool, env_int, env_list, env_str

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "hearth-development-only-not-secret")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

HEARTH_APPS = [
    "hearth.core",
    "hearth.accounts",
    "hearth.reference",
    "hearth.timescales",
    "hearth.people",
    "hearth.casework",
    "hearth.front_door",
    "hearth.early_help",
    "hearth.assessments",
    "hearth.child_protection",
    "hearth.returns",
    "hearth.children_in_care",
    "hearth.missing_exploitation",
    "hearth.oversight",
    "hearth.adoption",
    "hearth.care_leavers",
    "hearth.portal",
    "hearth.indicators",
    "hearth.privacy",
    "hearth.api",
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rest_framework",
    "drf_spectacular",
    *HEARTH_APPS,
]
if env_bool("HEARTH_DEMO", True):
    INSTALLED_APPS.append("hearth.demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Young people reach only the portal; staff never the young person's pages (hearth.portal).
    "hearth.portal.middleware.PortalBoundaryMiddleware",
    "hearth.core.middleware.LoginRequiredMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into our lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "hearth" / "core" / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "config.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
                "hearth.accounts.context_processors.session_timeout",
            ],
        },
    },
    {
        # Kept for Django's own pages (e.g. the technical 404 in DEBUG).
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    },
]

DATABASES = {"default": database_config(env_str("DATABASE_URL", "sqlite:///var/hearth.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"

# Repeated failed sign-ins lock the username for a while (django-axes; docs/security.md T16).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("HEARTH_SIGN_IN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("HEARTH_SIGN_IN_LOCKOUT_MINUTES", 15))
# By username only: a council's staff sign in from behind a few shared addresses, so locking
# an address would lock out whole offices (hence axes' W006 is silenced on purpose).
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "hearth.accounts.views.locked_out"
AXES_VERBOSE = False
# One cache shared by every server process (docs/security.md T25): the API rate limits
# (DRF throttle history) live in it, and a per-process LocMem cache would let each gunicorn
# worker count on its own. A database table, so no new service to run; `migrate` creates it
# (hearth.accounts.apps runs createcachetable after every migrate, tests included).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "hearth_cache",
    }
}
LOGIN_REDIRECT_URL = "core:start"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Two-factor authentication (TOTP through django-otp, ADR 0009; docs/security.md T16): the
# roles that must use it ("*" for every role), the issuer shown in authenticator apps, and
# the wait that doubles after each wrong code.
TWO_FACTOR_ROLES = env_list("HEARTH_TWO_FACTOR_ROLES", ["*"])
OTP_TOTP_ISSUER = env_str("HEARTH_TWO_FACTOR_ISSUER", "Hearth")
OTP_TOTP_THROTTLE_FACTOR = 1
# Single sign-on through OpenID Connect beside local accounts (authlib, ADR 0010). Off unless
# HEARTH_OIDC_ISSUER is set. Groups map to roles as "group=role,group=role"; a user with no
# mapped group cannot sign in this way. The provider's `amr` claim naming one of
# OIDC_MFA_AMR_VALUES counts as the second factor; otherwise Hearth asks for its own.
OIDC_ISSUER = env_str("HEARTH_OIDC_ISSUER", "")
OIDC_CLIENT_ID = env_str("HEARTH_OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = env_str("HEARTH_OIDC_CLIENT_SECRET", "")
OIDC_PROVIDER_NAME = env_str("HEARTH_OIDC_PROVIDER_NAME", "your council account")
OIDC_GROUPS_CLAIM = env_str("HEARTH_OIDC_GROUPS_CLAIM", "groups")
OIDC_GROUP_ROLES = dict(
    item.split("=", 1) for item in env_list("HEARTH_OIDC_GROUP_ROLES", []) if "=" in item
)
OIDC_MFA_AMR_VALUES = env_list("HEARTH_OIDC_MFA_AMR_VALUES", ["mfa", "otp", "hwk", "swk"])

# Sessions expire after inactivity (seconds); every request renews the expiry.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# The timeout warning (a GOV.UK-style modal) opens this many seconds before the session ends.
SESSION_TIMEOUT_WARNING_SECONDS = env_int("HEARTH_SESSION_TIMEOUT_WARNING_SECONDS", 120)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Security headers on every response (docs/security.md, "Web hardening"). Scripts only from
# our own origin, never inline; inline style *attributes* are allowed (pre-wrap text, the
# family network's width) but not <style> elements or style from elsewhere.
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "hearth" / "core" / "static", BASE_DIR / "var" / "frontend"]

# Uploaded documents live outside the web root and are served only through access checks.
MEDIA_ROOT = env_str("HEARTH_DOCUMENT_ROOT", str(BASE_DIR / "var" / "documents"))
DOCUMENT_MAX_BYTES = env_int("HEARTH_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # django-axes logs every sign-in at INFO; the audit log already records them.
    "loggers": {"axes": {"level": "WARNING"}},
}

# Notices (e.g. break-glass to team managers). Development prints them; production sets SMTP.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "hearth@localhost")

# Local practice settings (not statutory): cadences and windows a borough may change.
HEARTH = {
    # Young people's portal: youngest age to invite, age at which accounts close, days an
    # invitation link works, minutes a one-time code works and tries allowed, hours before an
    # unanswered message or 'I need help' request is overdue, and the class sending codes.
    "PORTAL_MIN_AGE": env_int("HEARTH_PORTAL_MIN_AGE", 8),
    "PORTAL_CLOSE_AGE": env_int("HEARTH_PORTAL_CLOSE_AGE", 25),
    "PORTAL_INVITATION_DAYS": env_int("HEARTH_PORTAL_INVITATION_DAYS", 7),
    "PORTAL_CODE_MINUTES": env_int("HEARTH_PORTAL_CODE_MINUTES", 10),
    "PORTAL_CODE_ATTEMPTS": env_int("HEARTH_PORTAL_CODE_ATTEMPTS", 5),
    "PORTAL_MESSAGE_OVERDUE_HOURS": env_int("HEARTH_PORTAL_MESSAGE_OVERDUE_HOURS", 48),
    "PORTAL_HELP_OVERDUE_HOURS": env_int("HEARTH_PORTAL_HELP_OVERDUE_HOURS", 24),
    "PORTAL_SENDER": env_str("HEARTH_PORTAL_SENDER", "hearth.portal.senders.ConsoleSender"),
    # Children in care: months between personal education plan reviews (termly), and days'
    # notice under which a placement move counts as short notice.
    "PEP_REVIEW_MONTHS": env_int("HEARTH_PEP_REVIEW_MONTHS", 4),
    "DENTAL_CHECK_MONTHS": env_int("HEARTH_DENTAL_CHECK_MONTHS", 12),
    "PLACEMENT_SHORT_NOTICE_DAYS": env_int("HEARTH_PLACEMENT_SHORT_NOTICE_DAYS", 7),
    # Break-glass: hours an emergency access to a child outside the user's circle lasts.
    "EMERGENCY_ACCESS_HOURS": env_int("HEARTH_EMERGENCY_ACCESS_HOURS", 24),
    # Indicators (docs/indicators-cache.md): how old a stored figure may be before pages
    # recompute it (run `hearth indicators refresh` this often), and a past month end's (the
    # trends; `hearth indicators refresh --trends` this often).
    "INDICATOR_FRESHNESS_MINUTES": env_int("HEARTH_INDICATOR_FRESHNESS_MINUTES", 15),
    "INDICATOR_TREND_FRESHNESS_MINUTES": env_int(
        "HEARTH_INDICATOR_TREND_FRESHNESS_MINUTES", 24 * 60
    ),
    # Privacy (docs/security.md, docs/domain/retention.md): the roles that may still open a
    # sealed pre-adoption record, the adoption order hook that seals it, and the retention
    # schedule by record type ("from": birth, adoption_order or last_activity; "after_death":
    # years kept after the death of a child who died before 18, where the rule says so).
    "SEALED_RECORD_ROLES": ["senior_leader", "data_protection_officer"],
    "ADOPTION_SEALING_HOOK": "hearth.privacy.sealing.sealed_record_from_adoption",
    "RETENTION_SCHEDULE": {
        "adopted": {"years": 100, "from": "adoption_order"},
        "looked_after": {"years": 75, "from": "birth", "after_death": 15},
        "care_leaver": {"years": 75, "from": "birth"},
        "child_protection": {"years": 35, "from": "last_activity"},
        "child_in_need": {"years": 3, "from": "adulthood_or_last_activity"},
    },
    "BOROUGH_NAME": env_str("HEARTH_BOROUGH_NAME", "Hearthside (synthetic London borough)"),
    # The DfE LA code (CIN census LEA, UPN characters 2-4). The synthetic borough stands in for
    # Newham: 316, matching LA_ONS_CODE E09000025 below.
    "LA_CODE": env_str("HEARTH_LA_CODE", "316"),
    # Published comparators (hearth/indicators/benchmarks.py, docs/domain/indicators-benchmarks.md):
    # the DfE region compared with, and the statistical neighbours as DfE LA codes (empty: the
    # DfE's statistical neighbour group of LA_CODE shipped with Hearth; Newham's for 316).
    "BENCHMARK_REGION": env_str("HEARTH_BENCHMARK_REGION", "London"),
    "BENCHMARK_NEIGHBOURS": env_list("HEARTH_BENCHMARK_NEIGHBOURS", []),
    # Working-day convention: target = start + N working days (the start day is day 0).
    # False makes the start day (or the next working day) day 1: every target a day earlier.
    "WORKING_DAY_START_IS_DAY_ZERO": env_bool("HEARTH_WORKING_DAY_START_IS_DAY_ZERO", True),
    "CP_VISIT_WORKING_DAYS": env_int("HEARTH_CP_VISIT_WORKING_DAYS", 10),
    "CIN_VISIT_WORKING_DAYS": env_int("HEARTH_CIN_VISIT_WORKING_DAYS", 20),
    "DUE_SOON_WORKING_DAYS": env_int("HEARTH_DUE_SOON_WORKING_DAYS", 5),
    # Foundation-level local rules (casework): first visit after allocation, visit cadence for
    # every allocated child, and how soon a draft case note should be finalised.
    "FIRST_VISIT_WORKING_DAYS": env_int("HEARTH_FIRST_VISIT_WORKING_DAYS", 5),
    "ALLOCATED_VISIT_WORKING_DAYS": env_int("HEARTH_ALLOCATED_VISIT_WORKING_DAYS", 20),
    "CASE_NOTE_FINALISE_WORKING_DAYS": env_int("HEARTH_CASE_NOTE_FINALISE_WORKING_DAYS", 1),
    # Child protection local cadences: core groups after the first, and the meeting after the
    # birth of a baby on a pre-birth plan (most procedures say 10 working days, some 20).
    "CORE_GROUP_INTERVAL_WEEKS": env_int("HEARTH_CORE_GROUP_INTERVAL_WEEKS", 6),
    "PREBIRTH_FOLLOW_UP_WORKING_DAYS": env_int("HEARTH_PREBIRTH_FOLLOW_UP_WORKING_DAYS", 10),
    # Child in need plans: review cadence, and how long a plan may stay open without a step-down
    # or closure plan before it is flagged as drifting. Pre-proceedings (PLO) length in weeks.
    "CIN_REVIEW_MONTHS": env_int("HEARTH_CIN_REVIEW_MONTHS", 3),
    "CIN_PLAN_DRIFT_MONTHS": env_int("HEARTH_CIN_PLAN_DRIFT_MONTHS", 9),
    "PLO_WEEKS": env_int("HEARTH_PLO_WEEKS", 16),
    # Days within which a second contact about the same child is flagged as a duplicate.
    "DUPLICATE_CONTACT_WINDOW_DAYS": env_int("HEARTH_DUPLICATE_CONTACT_WINDOW_DAYS", 7),
    # Children in care: the ONS code of the responsible authority (placement in or out of
    # area), the age after which the assessment behind a decision to look after a child is
    # flagged as out of date, the working days an IRO challenge stage has for a response, and
    # the months without permanence progress before the tracker flags drift.
    "LA_ONS_CODE": env_str("HEARTH_LA_ONS_CODE", "E09000025"),
    "CLA_ASSESSMENT_MAX_AGE_MONTHS": env_int("HEARTH_CLA_ASSESSMENT_MAX_AGE_MONTHS", 3),
    "IRO_CHALLENGE_RESPONSE_WORKING_DAYS": env_int("HEARTH_IRO_CHALLENGE_RESPONSE_WORKING_DAYS", 5),
    "PERMANENCE_DRIFT_MONTHS": env_int("HEARTH_PERMANENCE_DRIFT_MONTHS", 6),
    # Oversight: supervision frequency (monthly by default; fortnightly for newly qualified
    # social workers in their first months from qualified_on), optional weeks by role.
    "SUPERVISION_INTERVAL_MONTHS": env_int("HEARTH_SUPERVISION_INTERVAL_MONTHS", 1),
    "SUPERVISION_NQSW_INTERVAL_WEEKS": env_int("HEARTH_SUPERVISION_NQSW_INTERVAL_WEEKS", 2),
    "SUPERVISION_NQSW_MONTHS": env_int("HEARTH_SUPERVISION_NQSW_MONTHS", 6),
    "SUPERVISION_INTERVAL_WEEKS_BY_ROLE": {},
    "OVERSIGHT_DEFAULT_INTERVAL_WEEKS": env_int("HEARTH_OVERSIGHT_DEFAULT_INTERVAL_WEEKS", 6),
    "OVERSIGHT_ACTION_GRACE_DAYS": env_int("HEARTH_OVERSIGHT_ACTION_GRACE_DAYS", 0),
    "OVERSIGHT_KEY_POINT_WORKING_DAYS": env_int("HEARTH_OVERSIGHT_KEY_POINT_WORKING_DAYS", 5),
    # Key points older than this many days no longer ask for oversight (the interval rule does).
    "OVERSIGHT_KEY_POINT_LOOKBACK_DAYS": env_int("HEARTH_OVERSIGHT_KEY_POINT_LOOKBACK_DAYS", 90),
    # Maximum weeks between recorded management oversight, by case type (the strictest type a
    # child has applies); "allocated" covers any other allocated child.
    "OVERSIGHT_INTERVAL_WEEKS": {
        "cp": 4,
        "cla": 6,
        "cin": 6,
        "care_leaver": 8,
        "assessment": 2,
        "allocated": 6,
    },
    # Caseload weighting by case type, and the weighted caseload per FTE above which a worker
    # is flagged as overloaded (a team's establishment record may set its own).
    "CASELOAD_WEIGHTS": {
        "cp": 1.5,
        "cla": 1.25,
        "cin": 1.0,
        "care_leaver": 0.75,
        "assessment": 1.0,
        "other": 1.0,
    },
    "CASELOAD_THRESHOLD": env_int("HEARTH_CASELOAD_THRESHOLD", 20),
    # Missing and exploitation: missing episodes in the last 90 days at which a strategy
    # discussion is prompted, and working days to agree a safety plan after a medium or high
    # exploitation screening.
    "REPEAT_MISSING_STRATEGY_THRESHOLD": env_int("HEARTH_REPEAT_MISSING_STRATEGY_THRESHOLD", 3),
    "SAFETY_PLAN_WORKING_DAYS": env_int("HEARTH_SAFETY_PLAN_WORKING_DAYS", 5),
    # Days after the review date set in a safety plan or screening before the review is late.
    "SAFETY_PLAN_REVIEW_GRACE_DAYS": env_int("HEARTH_SAFETY_PLAN_REVIEW_GRACE_DAYS", 0),
    "SCREENING_REVIEW_GRACE_DAYS": env_int("HEARTH_SCREENING_REVIEW_GRACE_DAYS", 0),
    # Care leavers: transition list age in months (15 and a half), days after the 16th
    # birthday allowed for allocating a personal adviser, weeks between contacts (default, and
    # optional {min_age: weeks} bands), further weeks before a gap is escalated, weeks after a
    # significant change by which the pathway plan is reviewed, OC3 window around birthdays.
    "CARE_LEAVERS_TRANSITION_AGE_MONTHS": env_int("HEARTH_CARE_LEAVERS_TRANSITION_AGE_MONTHS", 186),
    "CARE_LEAVERS_ADVISER_GRACE_DAYS": env_int("HEARTH_CARE_LEAVERS_ADVISER_GRACE_DAYS", 0),
    "CARE_LEAVERS_CONTACT_DEFAULT_WEEKS": env_int("HEARTH_CARE_LEAVERS_CONTACT_DEFAULT_WEEKS", 8),
    "CARE_LEAVERS_CONTACT_WEEKS_BY_AGE": {},
    "CARE_LEAVERS_ESCALATE_AFTER_WEEKS": env_int("HEARTH_CARE_LEAVERS_ESCALATE_AFTER_WEEKS", 4),
    "CARE_LEAVERS_CHANGE_REVIEW_WEEKS": env_int("HEARTH_CARE_LEAVERS_CHANGE_REVIEW_WEEKS", 4),
    "CARE_LEAVERS_OC3_MONTHS_BEFORE": env_int("HEARTH_CARE_LEAVERS_OC3_MONTHS_BEFORE", 3),
    "CARE_LEAVERS_OC3_MONTHS_AFTER": env_int("HEARTH_CARE_LEAVERS_OC3_MONTHS_AFTER", 1),
}

# The JSON API (hearth.api, docs/api.md): bearer tokens only (no session, so no CSRF surface),
# JSON only, need-to-know in every view, per-token rate limits for reads and writes.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["hearth.api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "hearth.api.throttling.ReadThrottle",
        "hearth.api.throttling.WriteThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"api_read": "600/minute", "api_write": "30/minute"},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Hearth API",
    "DESCRIPTION": "JSON API for integrations with Hearth, children's social care case "
    "management. Every request carries a bearer token; a token sees what its user sees.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "hearth.api.schema.add_error_responses",
    ],
}
