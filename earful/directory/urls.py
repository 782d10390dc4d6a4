from __future__ import annotations

from django.urls import path

from earful.directory.views import customers, imports, units

urlpatterns = [
    path("customers/", customers.customer_list, name="customer_list"),
    path("customers/export.csv", customers.customer_export, name="customer_export"),
    path("customers/export.xlsx", customers.customer_export_xlsx, name="customer_export_xlsx"),
    path("customers/<int:customer_id>/", customers.customer_detail, name="customer_detail"),
    path("units/", units.unit_tree, name="unit_tree"),
    path("units/<int:unit_id>/", units.unit_detail, name="unit_detail"),
    path("imports/", imports.import_list, name="import_list"),
    path("imports/<int:job_id>/", imports.import_detail, name="import_detail"),
    path("imports/<int:job_id>/apply/", imports.import_apply, name="import_apply"),
]
