"""habeas.api: the REST API (`/api/v1/…`) over the services; errors rendered in
`habeas.api.errors`, request and response models in `habeas.api.schemas`."""
