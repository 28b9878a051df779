"""Glance's default policies (glance/policies, secure-RBAC defaults), named ``image:<rule>``.

Targets carry ``project_id`` (the image's owner), ``owner``, ``visibility`` and ``member_id`` (the
caller's project when it is a member of the image), as Glance's ImageTarget does.
"""

from __future__ import annotations

ADMIN = "rule:image:context_is_admin"
PROJECT_MEMBER = "role:member and project_id:%(project_id)s"
PROJECT_READER = "role:reader and project_id:%(project_id)s"
MEMBER_CHECK = "project_id:%(member_id)s"
SEEN = (f"project_id:%(project_id)s or {MEMBER_CHECK} or 'community':%(visibility)s "
        "or 'public':%(visibility)s or 'shared':%(visibility)s")
ADMIN_OR_PROJECT_MEMBER = f"{ADMIN} or ({PROJECT_MEMBER})"
ADMIN_OR_PROJECT_READER = f"{ADMIN} or ({PROJECT_READER})"


def defaults() -> dict[str, str]:
    rules = {
        "image:context_is_admin": "role:admin",
        "image:default": "",
        "image:service_api": "role:service",
        "image:add_image": f"{ADMIN} or ({PROJECT_MEMBER} and project_id:%(owner)s)",
        "image:delete_image": ADMIN_OR_PROJECT_MEMBER,
        "image:get_image": f"{ADMIN} or (role:reader and ({SEEN}))",
        "image:get_images": ADMIN_OR_PROJECT_READER,
        "image:modify_image": ADMIN_OR_PROJECT_MEMBER,
        "image:publicize_image": ADMIN,
        "image:communitize_image": ADMIN_OR_PROJECT_MEMBER,
        "image:download_image": f"{ADMIN} or (role:member and ({SEEN}))",
        "image:upload_image": ADMIN_OR_PROJECT_MEMBER,
        "image:add_member": ADMIN_OR_PROJECT_MEMBER,
        "image:delete_member": ADMIN_OR_PROJECT_MEMBER,
        "image:get_member": f"{ADMIN} or role:reader and (project_id:%(project_id)s or {MEMBER_CHECK})",
        "image:get_members": f"{ADMIN} or role:reader and (project_id:%(project_id)s or {MEMBER_CHECK})",
        "image:modify_member": f"{ADMIN} or (role:member and {MEMBER_CHECK})",
        "image:deactivate": ADMIN_OR_PROJECT_MEMBER,
        "image:reactivate": ADMIN_OR_PROJECT_MEMBER,
        "image:set_image_location": ADMIN_OR_PROJECT_MEMBER,
        "image:delete_image_location": ADMIN,
        # 2.17's location APIs: Glance lets admins through the service-only read as well
        "image:fetch_image_location": f"{ADMIN} or rule:image:service_api",
        "image:add_image_location": f"{ADMIN} or rule:image:service_api or ({PROJECT_MEMBER} and project_id:%(owner)s)",
        "image:copy_image": ADMIN,
        # glance/policies/tasks.py: the actions default to anyone; tasks_api_access keeps the API to admins
        "image:get_task": "rule:image:default",
        "image:get_tasks": "rule:image:default",
        "image:add_task": "rule:image:default",
        "image:modify_task": "rule:image:default",
        "image:tasks_api_access": ADMIN,
        "image:stores_info_detail": ADMIN,
    }
    for rule in ("cache_list", "cache_image", "cache_delete", "cache_clean", "cache_prune"):
        rules[f"image:{rule}"] = ADMIN  # glance/policies/cache.py
    reader = f"{ADMIN} or (role:reader and (project_id:%(project_id)s or 'public':%(visibility)s))"
    for rule in ("get_metadef_namespace", "get_metadef_object", "get_metadef_objects", "get_metadef_property",
                 "get_metadef_properties", "get_metadef_tag", "get_metadef_tags",
                 "list_metadef_resource_types", "get_metadef_resource_type"):
        rules[f"image:{rule}"] = reader
    rules["image:get_metadef_namespaces"] = "role:reader or " + ADMIN
    rules["image:list_metadef_resource_types"] = "role:reader or " + ADMIN
    for rule in ("add_metadef_namespace", "modify_metadef_namespace", "delete_metadef_namespace",
                 "add_metadef_object", "modify_metadef_object", "delete_metadef_object",
                 "add_metadef_property", "modify_metadef_property", "delete_metadef_property",
                 "add_metadef_tag", "add_metadef_tags", "modify_metadef_tag", "delete_metadef_tag",
                 "delete_metadef_tags", "add_metadef_resource_type_association",
                 "remove_metadef_resource_type_association"):
        rules[f"image:{rule}"] = ADMIN
    return rules


def target(image: dict, caller_project: str | None = None, member: bool = False) -> dict[str, str]:
    """The policy target for an image (a row), as Glance's ImageTarget builds it."""
    owner = image.get("owner") or ""
    return {
        "project_id": owner,
        "owner": owner,
        "visibility": image.get("visibility") or "",
        "member_id": (caller_project or "") if member else "",
    }
