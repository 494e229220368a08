import type { FastifyInstance } from 'fastify';

export async function roundRoutes(_app: FastifyInstance) {}
