import type { FastifyInstance } from 'fastify';

export async function frameworkRoutes(_app: FastifyInstance) {}
