from django.urls import path

from coproduce.credits import views, views_budgets, views_partners, views_swaps

app_name = "credits"
urlpatterns = [
    path("", views.balance, name="balance"),
    path("give/", views.give, name="give"),
    path("offers/", views_partners.offers, name="offers"),
    path("offers/<int:pk>/use/", views_partners.offer_code, name="offer-code"),
    path("offers/<int:pk>/edit/", views_partners.offer_edit, name="offer-edit"),
    path("partners/<slug:slug>/offers/add/", views_partners.offer_add, name="offer-add"),
    path("partners/<slug:slug>/redeem/", views_partners.redeem, name="redeem"),
    path(
        "partners/<slug:slug>/spend-for-someone/",
        views_partners.spend_for_person,
        name="spend-for-person",
    ),
    path("budgets/", views_budgets.budget_list, name="budgets"),
    path("budgets/held/<int:pk>/approve/", views_budgets.held_approve, name="held-approve"),
    path("budgets/held/<int:pk>/decline/", views_budgets.held_decline, name="held-decline"),
    path("swaps/", views_swaps.swap_list, name="swaps"),
    path("swaps/new/", views_swaps.swap_add, name="swap-add"),
    path("swaps/<int:pk>/", views_swaps.swap_detail, name="swap-detail"),
    path("swaps/<int:pk>/respond/", views_swaps.swap_respond, name="swap-respond"),
    path("swaps/<int:pk>/confirm/", views_swaps.swap_confirm, name="swap-confirm"),
]
