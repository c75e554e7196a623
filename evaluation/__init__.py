"""Quality evaluations, benchmarks and fault injection: run from a checkout,
not shipped in the wheel.

They need the ECB+ and other development data in ``../shared`` beside the checkout.
"""
