def step(params, x, y):
    return params
