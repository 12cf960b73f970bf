import { Body, Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  Authorized,
  CurrentViewer,
  SHOPPERS_AND_MERCHANTS,
} from '../../../shared/auth/authorized.decorator';
import { ProblemDetails } from '../../../shared/http/problem-details';
import { Viewer } from '../../domain/viewer';
import { ApiIfMatchHeader, etag, expectedVersion } from '../version';
import { UpdateContactCommand } from './update-contact.command';
import { UpdateContactRequest } from './update-contact.request';

@ApiTags('Contact')
@Controller('Checkout/sessions/me')
export class UpdateContactController {
  constructor(private readonly commands: CommandBus) {}

  @Post('contact')
  @HttpCode(204)
  @Authorized(...SHOPPERS_AND_MERCHANTS)
  @ApiOperation({
    summary: 'Update contact',
    description:
      'Edits the prefill contact details before card capture. Answers 204 with `ETag: "<version>"`.',
  })
  @ApiIfMatchHeader()
  @ApiNoContentResponse({
    description: 'Contact updated.',
    headers: { ETag: { description: 'The new version, quoted.', schema: { type: 'string' } } },
  })
  @ApiBadRequestResponse({
    type: ProblemDetails,
    description: 'Invalid body; `fields` lists each failing field, `detail` names them.',
  })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'No such session for this caller.' })
  @ApiConflictResponse({
    type: ProblemDetails,
    description: 'The checkout is completed, or is not at `version`.',
  })
  async update(
    @Body() body: UpdateContactRequest,
    @CurrentViewer() viewer: Viewer,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('if-match') ifMatch?: string,
  ): Promise<void> {
    const { sessionId, version, ...contact } = body;
    const checkout = await this.commands.execute(
      new UpdateContactCommand(
        {
          checkoutId: sessionId.toLowerCase(),
          viewer,
          expectedVersion: expectedVersion(version, ifMatch),
        },
        contact,
      ),
    );
    void reply.header('etag', etag(checkout.version));
  }
}
