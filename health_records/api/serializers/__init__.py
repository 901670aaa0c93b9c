"""Input serializers validate request bodies; output serializers render. Neither writes."""
