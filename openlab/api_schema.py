"""The OpenAPI schema says every answer the API can give: a drf-spectacular post-processing hook adds
the error responses that DRF and the services produce to each operation that does not document them
itself (400 with field messages, 401/403, 404, 429, 503), so that clients and schemathesis's status-code
and response-schema checks see the same contract."""

FIELD_ERRORS = {
    "type": "object",
    "description": "Field name (or `non_field_errors`, `detail`) → messages.",
    "additionalProperties": {"oneOf": [{"type": "array", "items": {}}, {"type": "string"}, {"type": "object"}]},
}
DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}

ERRORS = {
    "400": ("The request was not valid: a message per field.", "ApiFieldErrors", FIELD_ERRORS),
    "401": ("Not signed in, or the token is not valid.", "ApiDetail", DETAIL),
    "403": ("Signed in, but not allowed to do this.", "ApiDetail", DETAIL),
    "404": ("No such object (or not one you may see), or no such page of a list.", "ApiDetail", DETAIL),
    "429": ("Too many requests: try again later.", "ApiDetail", DETAIL),
    "503": ("The database or the search engine could not answer: try again later.", "ApiDetail", DETAIL),
}


def document_errors(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for _status, (_text, name, schema) in ERRORS.items():
        schemas.setdefault(name, schema)
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            for status, (text, name, _schema) in ERRORS.items():
                responses.setdefault(status, {
                    "description": text,
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
                })
    return result
