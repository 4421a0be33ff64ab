from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "rendement.web.caching"
    label = "caching"
