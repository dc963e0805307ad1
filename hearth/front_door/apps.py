from django.apps import AppConfig


class FrontDoorConfig(AppConfig):
    name = "hearth.front_door"
    label = "front_door"
    verbose_name = "Front door: contacts, MASH, referrals"

    def ready(self) -> None:
        try:
            from hearth.timescales.engine import register_provider
        except ImportError:  # the timescale engine is not installed yet
            return
        from hearth.front_door.services import decision_due_items

        register_provider("front_door.referral_decision", decision_due_items)
