from rest_framework import serializers

from ..models import Municipality, SolutionField, SolutionType


class MunicipalitySerializer(serializers.ModelSerializer):
    sido = serializers.CharField(source="sido_code", read_only=True)
    parent_name_ko = serializers.CharField(source="parent.name_ko", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Municipality
        fields = ["code", "level", "name_ko", "name_en", "sido", "parent", "parent_name_ko", "autonomous",
                  "latitude", "longitude", "population"]


class SolutionTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = SolutionType
        fields = ["code", "name_ko", "name_en", "position"]


class SolutionFieldSerializer(serializers.ModelSerializer):
    types = SolutionTypeSerializer(many=True, read_only=True)

    class Meta:
        model = SolutionField
        fields = ["code", "name_ko", "name_en", "position", "types"]
