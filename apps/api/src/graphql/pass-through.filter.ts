import { Catch, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { GqlContextType } from '@nestjs/graphql';

// GraphQL errors go to Apollo untouched: formatError decides what the caller sees and logs
// unexpected errors once, with an id (Nest's default handler would also log expected domain
// errors). HTTP routes (health) keep Nest's default handling.
@Catch()
export class PassThroughGqlFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() === 'graphql') return exception;
    return super.catch(exception, host);
  }
}
