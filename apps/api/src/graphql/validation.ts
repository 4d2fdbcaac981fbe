import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { badInput, type FieldProblem } from '../common/app-error.js';

function flatten(errors: readonly ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

// One global pipe, the same in production and tests: unknown properties are refused, and every
// failure becomes BAD_USER_INPUT naming the first offending field (all of them in `problems`).
export function makeValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const problems = flatten(errors);
      const first = problems[0] ?? { field: 'input', message: 'invalid input' };
      return badInput('VALIDATION_FAILED', problems.map((p) => p.message).join('; '), first.field, problems);
    },
  });
}
