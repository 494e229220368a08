import type { FastifyInstance } from 'fastify';

export async function respondRoutes(_app: FastifyInstance) {}
