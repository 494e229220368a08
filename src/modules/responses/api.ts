// API routes of this module are declared here with defineApiRoute.
export {};
