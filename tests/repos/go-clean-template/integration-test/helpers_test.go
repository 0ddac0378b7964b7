package integration_test

const (
	host       = "app:8080"
	healthPath = "http://" + host + "/healthz"
)
