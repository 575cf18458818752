"""The algorithm register, its AI Act classifications and the framework's work per algorithm."""
