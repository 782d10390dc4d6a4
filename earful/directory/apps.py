from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "earful.directory"
    label = "directory"
    verbose_name = "Directory"
