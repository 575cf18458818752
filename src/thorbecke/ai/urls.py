app_name = "ai"
urlpatterns: list = []
