import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

/** asyncapi.yaml sits at the repository root: two levels up from src/, three from dist/src/. */
function findDocument(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'asyncapi.yaml');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('asyncapi.yaml not found above ' + __dirname);
}

export const ASYNCAPI_PATH = findDocument();

/** The AsyncAPI 3.0 document of the events on the CHECKOUT stream, as raw YAML. */
@ApiExcludeController()
@Controller('docs')
export class AsyncApiController {
  private readonly document = readFileSync(ASYNCAPI_PATH, 'utf8');

  @Get('events')
  @Header('Content-Type', 'application/yaml; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  events(): string {
    return this.document;
  }
}
