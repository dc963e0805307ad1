from django.apps import AppConfig


class ChildProtectionConfig(AppConfig):
    name = "hearth.child_protection"
    label = "child_protection"
    verbose_name = "Child protection and child in need plans"

    def ready(self) -> None:
        from hearth.child_protection import rules

        rules.register()
        _register_closure_check()


def _register_closure_check() -> None:
    """Add our check to the assessments app's CLOSURE_CHECKS hook when it is there."""
    try:
        from hearth.assessments import services as assessment_services
    except ImportError:  # the assessments services are not written yet
        return
    checks = getattr(assessment_services, "CLOSURE_CHECKS", None)
    if checks is None:
        return
    from hearth.child_protection.services import episode_closure_problems

    if episode_closure_problems not in checks:
        checks.append(episode_closure_problems)
