from .suggestions import need_type_suggestions, type_suggestions

__all__ = ["need_type_suggestions", "type_suggestions"]
