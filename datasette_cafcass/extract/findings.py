"""What Ofsted found and told Cafcass to do."""


def read(reading):
    return None
