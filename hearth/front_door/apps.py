from django.apps import AppConfig


class FrontDoorConfig(AppConfig):
    name = "hearth.front_door"
    label = "front_door"
    verbose_name = "Front door: contacts, MASH, referrals"
