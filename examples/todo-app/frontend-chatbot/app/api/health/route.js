// Liveness for the container HEALTHCHECK and the Kubernetes probes.
export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ status: 'healthy', timestamp: new Date().toISOString() });
}
