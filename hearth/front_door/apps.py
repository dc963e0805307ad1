from django.apps import AppConfig


class FrontDoorConfig(AppConfig):
    name = "hearth.front_door"
    label = "front_door"
    verbose_name = "Front door: contacts, MASH, referrals"

    def ready(self) -> None:
        from hearth.front_door.services import decision_due_items
        from hearth.timescales.engine import register_provider

        register_provider("front_door.referral_decision", decision_due_items)
