import type { FastifyInstance } from 'fastify';

export async function workshopRoutes(_app: FastifyInstance) {}
