/**
 * The only parser that reads text typed by readers or authors: a parse-only mathjs
 * instance, whose tree is converted node by node into our own `Expr`. Nothing is ever
 * evaluated by mathjs, and any node kind outside the whitelist (assignment, ranges,
 * property access, strings, function definitions, blocks...) is refused with a message,
 * so no reader text can reach code we did not choose.
 */
import { create, parseDependencies, type MathNode } from 'mathjs';
import type { Expr } from './expr.ts';

// A parse-only instance: it has no evaluate, import or createUnit to reach.
const math = create({ parseDependencies: parseDependencies! });

const OPERATORS: Record<string, string> = {
  add: 'add',
  subtract: 'subtract',
  multiply: 'multiply',
  divide: 'divide',
  unaryMinus: 'unaryMinus',
  unaryPlus: 'unaryPlus',
  pow: 'pow',
  dotMultiply: 'dotMultiply',
  dotDivide: 'dotDivide',
  ctranspose: 'transpose',
  transpose: 'transpose',
};

/** Longest text a reader may type into one cell or expression box. */
export const MAX_EXPRESSION_LENGTH = 500;

export class ParseError extends Error {
  override name = 'ParseError';
}

/** Parses `text` into an `Expr`, or throws a ParseError whose message a reader can act on. */
export function parse(text: string): Expr {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw new ParseError(`too long: at most ${MAX_EXPRESSION_LENGTH} characters`);
  }
  if (text.trim() === '') throw new ParseError('empty: type a number or an expression');
  let tree: MathNode;
  try {
    tree = math.parse(text);
  } catch (e) {
    throw new ParseError(friendlySyntaxMessage(e instanceof Error ? e.message : String(e)));
  }
  return convert(tree);
}

function convert(node: MathNode): Expr {
  switch (node.type) {
    case 'ConstantNode': {
      const value = (node as unknown as { value: unknown }).value;
      if (typeof value !== 'number') {
        throw new ParseError(`only numbers are allowed here, not ${JSON.stringify(value)}`);
      }
      return { kind: 'number', value };
    }
    case 'SymbolNode':
      return { kind: 'symbol', name: (node as unknown as { name: string }).name };
    case 'ParenthesisNode':
      return convert((node as unknown as { content: MathNode }).content);
    case 'OperatorNode': {
      const op = node as unknown as { fn: string; op: string; args: MathNode[] };
      const fn = OPERATORS[op.fn];
      if (fn === undefined) throw new ParseError(`the operator "${op.op}" is not available`);
      return { kind: 'call', fn, args: op.args.map(convert) };
    }
    case 'FunctionNode': {
      const f = node as unknown as { fn: MathNode; args: MathNode[] };
      if (f.fn.type !== 'SymbolNode') throw new ParseError('only named functions can be called');
      return {
        kind: 'call',
        fn: (f.fn as unknown as { name: string }).name,
        args: f.args.map(convert),
      };
    }
    case 'AccessorNode':
      return convertIndex(node as unknown as AccessorLike);
    default:
      throw new ParseError(DESCRIBE[node.type] ?? `"${node.toString()}" is not allowed here`);
  }
}

interface AccessorLike {
  object: MathNode;
  index: { dotNotation: boolean; dimensions: MathNode[] };
}

/** `X[i, j]`, counted from 1 as the page shows, is `entry(X, i, j)`; nothing else indexes. */
function convertIndex(node: AccessorLike): Expr {
  if (node.index.dotNotation) throw new ParseError('property access (.) is not allowed');
  const dims = node.index.dimensions;
  if (
    dims.some((d) => d.type === 'RangeNode' || (d.type === 'SymbolNode' && d.toString() === 'end'))
  )
    throw new ParseError('indexing is X[i, j], one row and one column; a whole row is row(X, i)');
  if (dims.length !== 2)
    throw new ParseError(
      `indexing is X[i, j], a row and a column counted from 1; got ${dims.length} index${dims.length === 1 ? '' : 'es'}`,
    );
  return { kind: 'call', fn: 'entry', args: [convert(node.object), ...dims.map(convert)] };
}

const DESCRIBE: Record<string, string> = {
  AssignmentNode: 'assignments (=) are not allowed: write an expression',
  FunctionAssignmentNode: 'defining functions is not allowed: write an expression',
  AccessorNode: 'indexing and property access are not allowed',
  IndexNode: 'indexing is not allowed',
  ArrayNode: 'matrix literals are not allowed here: edit the matrix cells instead',
  ObjectNode: 'objects are not allowed',
  BlockNode: 'write one expression (no ; or new lines)',
  ConditionalNode: 'conditionals (? :) are not allowed',
  RangeNode: 'ranges (:) are not allowed',
  RelationalNode: 'comparisons are not allowed',
};

function friendlySyntaxMessage(message: string): string {
  // mathjs says "Unexpected end of expression (char 4)": keep its position, drop jargon.
  return message.replace(/^SyntaxError:\s*/, '').replace(/^Unexpected/, 'unexpected');
}
