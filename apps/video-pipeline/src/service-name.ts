/** The service's name: Powertools service, resource names (`sfe-<stage>-video-pipeline-...`). */
export const SERVICE_NAME = 'video-pipeline';
