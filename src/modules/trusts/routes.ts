import type { FastifyInstance } from 'fastify';

export async function trustRoutes(_app: FastifyInstance) {}
