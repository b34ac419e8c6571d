from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("tokens/", views.api_tokens, name="api_tokens"),
    path("data/", views.personal_data_download, name="personal_data"),
    path("delete/", views.account_delete, name="account_delete"),
]
