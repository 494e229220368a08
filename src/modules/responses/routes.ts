import type { FastifyInstance } from 'fastify';

export async function responseRoutes(_app: FastifyInstance) {}
