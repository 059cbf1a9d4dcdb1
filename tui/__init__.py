"""The terminal walkthrough: one SGD update of tinynn's network, scalar by scalar."""
