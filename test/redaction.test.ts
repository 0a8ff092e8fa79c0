import { formatAccessLine } from '../loggers/access-log';
import { createRedactor, redactText } from '../redaction';
import { passesLuhn } from '../redaction/card-number';

/**
 * Ids with a run of 13 to 19 digits that passes the Luhn check, and that run: request ids the card
 * redactor once turned into `…-[CARD ****2075]`, losing the id from errors.log.
 */
const CARD_LOOKING_IDS = [
  ['57403644-4477-4040-96b9-031d1782e71e', '57403644-4477-4040'],
  ['d0a8a71a-b835-4e13-9482-170520712075', '9482-170520712075'],
  ['d0a41e61-ffde-4f54-9759-408430354661', '9759-408430354661'],
  ['4242424242424242abcdef0123456789', '4242424242424242'],
];

describe('card numbers in free text', () => {
  test.each(CARD_LOOKING_IDS)(
    'when an id holds a Luhn-valid digit run (%s), then it is left whole',
    (id, run) => {
      const digits = run.replace(/-/g, '');
      const cardLength = digits.length >= 13 && digits.length <= 19;
      expect({ inId: id.includes(run), cardLength, luhn: passesLuhn(digits) }).toEqual({
        inId: true,
        cardLength: true,
        luhn: true,
      });
      expect(redactText(`request ${id} failed`)).toBe(`request ${id} failed`);
      const line = formatAccessLine({
        remoteAddress: '127.0.0.1',
        time: new Date(0),
        request: { method: 'GET', url: `/api/orders/${id}`, httpVersion: '1.1' },
        status: 404,
        bytes: 10,
        referer: undefined,
        userAgent: `agent/${id}`,
        durationMs: 1,
        requestId: id,
        traceId: '0'.repeat(32),
        sessionId: '-',
      });
      expect(line.match(new RegExp(id, 'g'))).toHaveLength(3);
    },
  );

  test.each([
    ['card 4242 4242 4242 4242 on file', 'card [CARD ****4242] on file'],
    ['pan=4242-4242-4242-4242;', 'pan=[CARD ****4242];'],
    ['(4000056655665556)', '([CARD ****5556])'],
    ['"4242424242424242"', '"[CARD ****4242]"'],
    ['/api/pay/4242424242424242?x=1', '/api/pay/[CARD ****4242]?x=1'],
    ['4242424242424242', '[CARD ****4242]'],
  ])('when free text holds a card number (%s), then it is masked', (text, masked) => {
    expect(redactText(text)).toBe(masked);
  });

  test('when a digit run fails the checksum, then it is left alone', () => {
    expect(redactText('order 4242424242424241 total')).toBe('order 4242424242424241 total');
  });

  test('when the span id of a line is 16 decimal digits that pass the Luhn check, then it stays an id, while the same digits in a field are masked', () => {
    const redact = createRedactor();
    const line = {
      traceId: '4242424242424242abcdef0123456789',
      spanId: '4242424242424242',
      traceFlags: '01',
      note: '4242424242424242',
      nested: { spanId: '4242424242424242' },
    };
    expect(redact(line)).toEqual({
      traceId: '4242424242424242abcdef0123456789',
      spanId: '4242424242424242',
      traceFlags: '01',
      note: '[CARD ****4242]',
      nested: { spanId: '[CARD ****4242]' },
    });
  });
});
