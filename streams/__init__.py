"""wirewatch's Kafka side: settings, topics, the Faust app, sources, web and CLI."""
