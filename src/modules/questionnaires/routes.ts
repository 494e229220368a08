import type { FastifyInstance } from 'fastify';

export async function questionnaireRoutes(_app: FastifyInstance) {}
